"""Solution 3: partnerships between companies and the federation — actions and their partners,
contests and hackathons, pooled resources, mentoring, internships and apprenticeships."""
