from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from helpdesk.topics import topics_offer_starting_set


class Command(BaseCommand):
    help = "Offer the starting topics of the feedback form on a portal that has none."

    def handle(self, *args: object, **options: object) -> None:
        created = topics_offer_starting_set()
        if created:
            self.stdout.write(_("Feedback topics offered: %(count)s.") % {
                "count": created,
            })
        else:
            self.stdout.write(_("The feedback form already has topics; none added."))
