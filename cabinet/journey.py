"""The cabinet's "My first 90 days" and the sponsor's mentor view (views over
learning/journey.py and learning/mentoring.py).

(Placeholder views: filled in by the journey work.)"""

from django.http import Http404

from .views import partner_required


@partner_required
def journey(request, partner):
    raise Http404


@partner_required
def mentees(request, partner):
    raise Http404
