// The Linux calls that the toolchain's Glibc module does not export, for Net's System*/Epoll files (and glibc's
// <malloc.h>: mallinfo2, malloc_trim, mallopt, for SystemMalloc).
//
// epoll and eventfd come straight from their headers, so `struct epoll_event` has the layout the C compiler gives it
// on each architecture (packed on x86_64, naturally aligned on arm64) and the EPOLL*/EFD_* constants are the
// system's own. accept4 and pthread_setname_np are GNU extensions that <sys/socket.h> and <pthread.h> declare only
// under _GNU_SOURCE; defining it here would give this module's copies of the shared system structs (fd_set, ...) other
// member names than the Glibc module's, so the two prototypes are declared below instead, exactly as glibc declares
// them (a compatible redeclaration where a libc already declares them).
#ifndef WORLDGAME_CLINUX_SHIM_H
#define WORLDGAME_CLINUX_SHIM_H
#ifdef __linux__
#include <malloc.h>
#include <pthread.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>

// accept4(2): accepts a connection and sets SOCK_NONBLOCK / SOCK_CLOEXEC on it atomically.
extern int accept4(int fd, struct sockaddr *addr, socklen_t *addr_len, int flags);

// pthread_setname_np(3): names a thread (at most 15 bytes plus the terminator) for ps, top and debuggers.
extern int pthread_setname_np(pthread_t thread, const char *name);
#endif
#endif
