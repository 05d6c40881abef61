"""The cabinet's "Learning": the partner's courses, a course, a lesson with its quiz, the
lesson's files and the certificates (views over learning/'s services).

(Placeholder views: filled in by the learning pages work.)"""

from django.http import Http404

from .views import partner_required


@partner_required
def learning_home(request, partner):
    raise Http404


@partner_required
def course(request, partner, page_id):
    raise Http404


@partner_required
def lesson(request, partner, page_id):
    raise Http404
