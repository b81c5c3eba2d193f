/*
 * Tutorial program 2, process B: map the same file and set byte 20 to '9'.
 *
 * The tutorial's code, with its #include lines restored and mman.h in
 * POSIX-names mode. As in the tutorial it maps MAP_PRIVATE, so (as its own
 * comment says, and unlike its prose) neither process A nor the file sees
 * the write: a private mapping is copy-on-write. Built a second time with
 * -DWRITER_MAP_FLAGS=MAP_SHARED for the contrast: a shared writer is seen by
 * both.
 */
#define MMAN_POSIX_NAMES
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>
#include "mman.h"

#ifndef WRITER_MAP_FLAGS
#define WRITER_MAP_FLAGS MAP_PRIVATE
#endif

#define BUF_SIZE 100
int main(int argc, char **argv)
{
int fd, nread, i;
struct stat sb;
char *mapped, buf[BUF_SIZE];
for (i = 0; i < BUF_SIZE; i++) {
buf[i] = '#';
}
/* 打开文件 */
if ((fd = open(argv[1], O_RDWR)) < 0) {
perror("open");
}
/* 获取文件的属性 */
if ((fstat(fd, &sb)) == -1) {
perror("fstat");
}
/* 私有文件映射将没法修改文件 */
if ((mapped = (char *)mmap(NULL, sb.st_size, PROT_READ |
PROT_WRITE, WRITER_MAP_FLAGS, fd, 0)) == (void *)-1) {
perror("mmap");
}
/* 映射完后, 关闭文件也能够操纵内存 */
close(fd);
/* 修改一个字符 */
mapped[20] = '9';
return 0;
}
