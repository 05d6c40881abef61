"""/api/v1/learning/: courses, lessons, quiz attempts, the 90-day plan and the mentor view
(see views.py; the mentor view in mentoring_views.py)."""

from django.urls import path

from learning.api import mentoring_views, views

urlpatterns = [
    path("courses/", views.CoursesView.as_view(), name="learning-courses"),
    path("lessons/<int:pk>/", views.LessonView.as_view(), name="learning-lesson"),
    path("lessons/<int:pk>/complete/", views.CompleteLessonView.as_view(),
         name="learning-lesson-complete"),
    path("lessons/<int:pk>/video-position/", views.VideoPositionView.as_view(),
         name="learning-lesson-video-position"),
    path("lessons/<int:pk>/files/<str:block>/", views.LessonFileView.as_view(),
         name="learning-lesson-file"),
    path("quizzes/<int:pk>/attempts/", views.AttemptsView.as_view(),
         name="learning-quiz-attempts"),
    path("journey/", views.JourneyView.as_view(), name="learning-journey"),
    path("journey/tasks/<slug:key>/done/", views.JourneyTaskDoneView.as_view(),
         name="learning-journey-task-done"),
    path("mentees/", mentoring_views.MenteesView.as_view(), name="learning-mentees"),
    path("mentees/<int:pk>/", mentoring_views.MenteeView.as_view(), name="learning-mentee"),
]
