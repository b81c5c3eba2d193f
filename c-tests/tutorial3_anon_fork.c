/*
 * Tutorial program 3: parent and child talk through an anonymous shared
 * mapping (MAP_SHARED|MAP_ANONYMOUS, fd -1) created before fork().
 *
 * The tutorial's code, with its #include lines restored and mman.h in
 * POSIX-names mode. The parent's sleep(2) is replaced by waiting for the
 * child, so that it reads the reply only once the child has written it; the
 * child keeps the tutorial's sleep(1) before reading the parent's message.
 */
#define MMAN_POSIX_NAMES
#include <stdio.h>
#include <stdlib.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>
#include "mman.h"

#define BUF_SIZE 100
int main(int argc, char** argv)
{
char *p_map;
/* 匿名映射,建立一块内存供父子进程通讯 */
p_map = (char *)mmap(NULL, BUF_SIZE, PROT_READ | PROT_WRITE,
MAP_SHARED | MAP_ANONYMOUS, -1, 0);
if(fork() == 0) {
sleep(1);
printf("child got a message: %s\n", p_map);
sprintf(p_map, "%s", "hi, dad, this is son");
munmap(p_map, BUF_SIZE); //实际上,进程终止时,会自动解除映射。
exit(0);
}
sprintf(p_map, "%s", "hi, this is father");
wait(NULL); /* was sleep(2): wait for the child's reply */
printf("parent got a message: %s\n", p_map);
return 0;
}
