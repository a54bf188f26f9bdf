"""Self-checking exercises of the Customer Focus Lab course.

* :mod:`exercises.checks` - one check function per task (``check_3_1`` ...),
  each returning a :class:`simulations.quiz.Feedback` and never raising;
* :mod:`exercises.make_student` - writes the student notebooks in
  ``exercises/student/`` from the instructor notebooks in
  ``exercises/solutions/`` (``python -m exercises.make_student``).
"""
