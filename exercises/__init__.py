"""Self-checking exercises of the Customer Focus Lab course.

* :mod:`exercises.feedback` - instant feedback for learners: ``Feedback``,
  ``check_number``, ``check_choice``, ``report`` and the ``ask`` widget of the
  course notebooks' "check yourself" cells;
* :mod:`exercises.checks` - one check function per task (``check_3_1`` ...),
  each returning a :class:`~exercises.feedback.Feedback` and never raising; one
  module per course module (``exercises/checks/m03_economics_of_loyalty.py``);
* :mod:`exercises.make_student` - writes the student notebooks in
  ``exercises/student/`` from the instructor notebooks in
  ``exercises/solutions/`` (``python -m exercises.make_student``).
"""
