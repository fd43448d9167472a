"""Room on CPython's frame stack for code that makes thousands of small calls.

CPython (3.11 to 3.13 at least) keeps the frames of Python calls in chunks of 16 KiB,
taken from the system with mmap() and given back with munmap() as soon as the first frame
of a chunk returns. A loop that happens to run with less room left in its chunk than a
call it makes needs takes a chunk and gives it back on every call: two system calls and
four fresh pages each time, some 10 µs for a call that otherwise costs 0.1 µs. Where a
loop runs depends on how deep the stack is, so on the middleware, views and templates
above it: the busiest race page drew the cells of its first classification at 18-30 µs
each, and the next table's, the same code, at 2 µs.

A function decorated `@with_room` is called from a frame at a fixed place in a fresh
chunk, whatever the depth of its caller, so the calls it makes have about 7 KiB of stack
before the next chunk's boundary: some thirty frames of ordinary functions.
"""

import functools

# Two spacer frames each larger than half a chunk: the second cannot share a chunk with
# the first, so it always starts a chunk of its own, and the decorated function's frame
# comes right after it.
CHUNK = 16 * 1024
SLOTS = 1100  # local variables of a spacer's frame, 8 bytes each: 8.8 KiB
assert SLOTS * 8 > CHUNK // 2

_SOURCE = f"""
def _spacer(call, args, kwargs):
    if call is None:  # never: the names only size the frame
        {" = ".join(f"_{n}" for n in range(SLOTS))} = None
    return call(*args, **kwargs)
"""
_namespace: dict = {}
exec(compile(_SOURCE, __file__, "exec"), _namespace)  # noqa: S102 - the code is the constant above
_spacer = _namespace["_spacer"]


def with_room(function):
    """`function`, called with about 7 KiB of frame stack free after its frame."""

    @functools.wraps(function)
    def called(*args, **kwargs):
        return _spacer(_spacer, (function, args, kwargs), {})

    return called
