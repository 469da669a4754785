"""What the tests share besides fixtures: signing in, live servers and their sockets,
setlist rows, real processes and the fake upstream. Test modules import from here and
from tests/factories.py, never from one another."""
