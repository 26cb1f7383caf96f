from django.core.management.base import BaseCommand

from resumes.services import resume_search_text_rebuild


class Command(BaseCommand):
    help = "Rewrite the searchable words of every resume after a change of core.text."

    def handle(self, *args, **options) -> None:
        changed = resume_search_text_rebuild()
        self.stdout.write(f"{changed} resumes updated")
