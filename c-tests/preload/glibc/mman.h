/*
 * The tutorial's programs include "mman.h"; built for the preload library
 * (mk/preload.mk), this directory comes first on the include path, so they
 * get glibc's own header and call glibc's names, as the tutorial wrote them:
 * nothing of mman's header is used.
 */
#include <sys/mman.h>
