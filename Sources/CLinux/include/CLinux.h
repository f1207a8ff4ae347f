// CLinux: the Linux system calls that the toolchain's Glibc module does not export.
//
// epoll and eventfd come straight from their headers, so `struct epoll_event` has the layout the C compiler gives it
// on each architecture (packed on x86_64, naturally aligned on arm64) and the EPOLL*/EFD_* constants are the
// system's own. accept4 and pthread_setname_np are GNU extensions that <sys/socket.h> and <pthread.h> declare only
// under _GNU_SOURCE, which the Glibc module is built without; CLinux.c defines it and wraps them.
#ifndef CLINUX_H
#define CLINUX_H

#ifdef __linux__

#include <pthread.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>

/// accept4(2): accepts a connection and sets SOCK_NONBLOCK / SOCK_CLOEXEC on it atomically.
int CLinux_accept4(int descriptor, struct sockaddr *address, socklen_t *length, int flags);

/// pthread_setname_np(3): names `thread` (at most 15 bytes plus the terminator) for ps, top and debuggers.
int CLinux_pthread_setname_np(pthread_t thread, const char *name);

#endif // __linux__

#endif // CLINUX_H
