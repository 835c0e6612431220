import urllib.request
import pytest

@pytest.mark.django_db(transaction=True)
def test_probe(live_server):
    urllib.request.urlopen(live_server.url + "/").read()
