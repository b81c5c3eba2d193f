/*
 * Tutorial program 4: access to the pages of a mapping beyond the file.
 *
 * The tutorial's code, with its #include lines restored and mman.h in
 * POSIX-names mode. It maps 2 pages of a file smaller than a page. Its
 * comments are wrong for Linux: the write at st_size lands in the file's
 * last page and succeeds (it is never written to the file); the write at
 * pagesize, a page wholly beyond the end of the file, raises SIGBUS (not
 * SIGSEGV). Only an access past the end of the mapping raises SIGSEGV, and
 * only when nothing else is mapped there.
 *
 * Added for the test: a line printed after each write that survived, and,
 * with argv[2] = "past-mapping", the mapping placed in front of a PROT_NONE
 * guard page that the program reserved itself, then an access to that guard
 * page, to show SIGSEGV with certainty.
 */
#define MMAN_POSIX_NAMES
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>
#include "mman.h"

int main(int argc, char** argv)
{
int fd,i;
int pagesize,offset;
char *p_map;
struct stat sb;
/* 取得page size */
pagesize = sysconf(_SC_PAGESIZE);
printf("pagesize is %d\n",pagesize);
/* 打开文件 */
fd = open(argv[1], O_RDWR, 00777);
fstat(fd, &sb);
printf("file size is %zd\n", (size_t)sb.st_size);
offset = 0;
if (argc > 2 && strcmp(argv[2], "past-mapping") == 0) {
/* added: 2 pages of file, then a reserved PROT_NONE guard page */
char *guard = (char *)mmap(NULL, pagesize * 3, PROT_NONE,
MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
if (guard == MAP_FAILED) { /* added: a failed reservation must not pass as SIGSEGV */
perror("mmap (reservation)");
return 3;
}
p_map = (char *)mmap(guard, pagesize * 2, PROT_READ|PROT_WRITE,
MAP_SHARED | MAP_FIXED, fd, offset);
if (p_map != guard) { /* added: nor a failed MAP_FIXED (p_map[8192] at 0x1fff) */
perror("mmap (MAP_FIXED over the reservation)");
return 4;
}
close(fd);
printf("touching the guard page past the mapping\n");
p_map[pagesize * 2] = '9'; /* SIGSEGV */
printf("write past the mapping: survived\n");
return 0;
}
p_map = (char *)mmap(NULL, pagesize * 2, PROT_READ|PROT_WRITE,
MAP_SHARED, fd, offset);
close(fd);
p_map[sb.st_size] = '9'; /* 致使总线错误 (the tutorial; on Linux: succeeds) */
printf("write at st_size: survived\n");
p_map[pagesize] = '9'; /* 致使段错误 (the tutorial; on Linux: SIGBUS) */
printf("write at pagesize: survived\n");
munmap(p_map, pagesize * 2);
return 0;
}
