from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from content.starter import starter_content_load


class Command(BaseCommand):
    help = (
        "Publish the starting news, instructions and FAQ of content/data/"
        "starter.json that were never loaded; loaded ones are left as they are."
    )

    def handle(self, *args: object, **options: object) -> None:
        created = starter_content_load()
        if created:
            self.stdout.write(_("Starting texts published: %(count)s.") % {
                "count": created,
            })
        else:
            self.stdout.write(_("Every starting text was loaded before; none added."))
