/*
 * linebuf.so: stdout line-buffered from the start, as `stdbuf -oL` makes a
 * native program's. Preloaded into the test programs run under qemu-user
 * (mk/target.mk's RUN), where the host's stdbuf preload cannot be loaded.
 */
#include <stdio.h>

__attribute__((constructor)) static void line_buffered_stdout(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
}
