from django.db import migrations


class Migration(migrations.Migration):
    """Full-text index over Vacancy.search_document (filled in by the search work)."""

    dependencies = [("vacancies", "0001_initial")]
    operations: list = []
