"""The built-in public questionnaire names the points of its scales in words (issue 9).

Its help text used to give the key (« 1 : je ne sais pas faire. 2 : … »); the same words now
label the answer buttons. Only questions still holding exactly that key are changed, so the
meaning of every recorded answer stays the same.
"""

from django.db import migrations

PUBLIC_SLUG = "besoins-numeriques"
OLD_HELP = (
    "1 : je ne sais pas faire. 2 : je fais avec de l'aide. "
    "3 : je fais seul les choses simples. 4 : je suis à l'aise."
)
OLD_SECTION = "Pour chaque ligne, choisissez un chiffre de 1 à 4."
NEW_SECTION = "Pour chaque ligne, choisissez ce qui vous ressemble le plus."
WORDS = (
    ("1", "Je ne sais pas faire"),
    ("2", "Je fais avec de l'aide"),
    ("3", "Je fais seul les choses simples"),
    ("4", "Je suis à l'aise"),
)


def name_the_points(apps, schema_editor):
    Question = apps.get_model("diagnostics", "Question")
    Choice = apps.get_model("diagnostics", "Choice")
    Section = apps.get_model("diagnostics", "Section")
    questions = Question.objects.filter(
        section__version__questionnaire__slug=PUBLIC_SLUG,
        kind="scale",
        min_value=1,
        max_value=4,
        help_text=OLD_HELP,
        choices__isnull=True,
    )
    for question in questions:
        Choice.objects.bulk_create(
            Choice(question=question, position=position, value=value, label=label)
            for position, (value, label) in enumerate(WORDS, start=1)
        )
        question.help_text = ""
        question.save(update_fields=["help_text"])
    Section.objects.filter(
        version__questionnaire__slug=PUBLIC_SLUG, description=OLD_SECTION
    ).update(description=NEW_SECTION)


class Migration(migrations.Migration):
    dependencies = [
        ("diagnostics", "0003_bounded_texts"),
    ]

    operations = [
        migrations.RunPython(name_the_points, migrations.RunPython.noop),
    ]
