"""The access matrix: every route (page and API operation, every method it accepts) x every role x
in-scope / out-of-scope target, against a table written out by hand (``rows_*.py``).

``routes`` lists the routes from Django's URL resolver and the Ninja router; ``world`` builds the
records the rows point at; ``table`` holds the row type and the helpers the tables are written with.
The tests are in ``pantau/accounts/tests/test_access_matrix.py``.
"""
