# Drives python3's own mmap module (file and anonymous maps, resize through
# mremap, flush through msync, madvise) and prints what it sees; run with
# and without the preload library by c-tests/preload/check.sh, which
# compares the two outputs. Usage: python3 python_mmap.py DIRECTORY
import mmap
import os
import sys

path = os.path.join(sys.argv[1], "data")
with open(path, "wb") as f:
    f.write(b"0123456789abcdef" * 256)

with open(path, "r+b") as f:
    m = mmap.mmap(f.fileno(), 0)
    print("file map:", len(m), m[:16])
    m[20:21] = b"9"
    m.flush()
    m.resize(8192)
    m[8000:8004] = b"tail"
    m.flush()
    m.madvise(mmap.MADV_WILLNEED)
    print("resized:", len(m), m[16:24], m[8000:8004])
    m.close()
with open(path, "rb") as f:
    data = f.read()
print("file now:", len(data), data[20:21], data[8000:8004])

with open(path, "rb") as f:
    r = mmap.mmap(f.fileno(), 4096, access=mmap.ACCESS_READ, offset=4096)
    print("read-only window at 4096:", r[:16], r.find(b"tail"))
    r.close()

# Shared anonymous memory is not resized: its object keeps its first size
# (an access past it raises SIGBUS, with or without mman).
a = mmap.mmap(-1, 4096)
a.write(b"anonymous")
a.madvise(mmap.MADV_DONTNEED)
a.flush()
print("shared anonymous after MADV_DONTNEED:", len(a), a[:9])
a.close()

p = mmap.mmap(-1, 4096, flags=mmap.MAP_PRIVATE)
p[:7] = b"private"
p.resize(3 * 4096)
p[3 * 4096 - 1] = 7
print("private anonymous resized:", len(p), p[:7], p[3 * 4096 - 1])
p.madvise(mmap.MADV_DONTNEED)
print("private anonymous after MADV_DONTNEED:", p[:7], p[3 * 4096 - 1])
p.close()
