"""The events learning sends (sender=Partner, partner=the partner); other apps listen
(points, badges and notifications come next) without this app knowing them. Each is sent
once per partner and thing, after the row that records it is committed.

- `lesson_completed(partner, lesson)`: a lesson (the LessonPage the partner read) is done.
- `stage_passed(partner, stage)`: every lesson of a stage done and its quizzes passed.
- `course_completed(partner, course, completion)`: every stage passed; the certificate is
  `completion` (a CourseCompletion).
- `journey_task_done(partner, task_key, automatic, first_goal)`: a task of the 90-day plan
  is done (`automatic`: ticked from what the platform knows, not by the partner;
  `first_goal`: the task is the plan's first goal).
"""

from django.dispatch import Signal

lesson_completed = Signal()
stage_passed = Signal()
course_completed = Signal()
journey_task_done = Signal()
