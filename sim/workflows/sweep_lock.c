/* Locks of a sweep folder (internal.h): byte ranges of DIR/.lock. */
#define _GNU_SOURCE /* F_OFD_SETLK */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "workflows/internal.h"

/* The byte held while the folder is set up: past every task (at most 1e8). */
static const off_t SETUP_BYTE = (off_t)1 << 40;

static int unsupported_errno(int e)
{
    return e == ENOLCK || e == EINVAL || e == ENOSYS || e == EOPNOTSUPP;
}

rg_status rg_sweep_lock_open(const char *dir, int *fd, int *unsupported, rg_error *err)
{
    char path[PATH_MAX + 16];
    snprintf(path, sizeof path, "%s/.lock", dir);
    *unsupported = 0;
    *fd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0666);
    if (*fd < 0)
        return rg_error_set(err, RG_EINPUT, "%s: cannot open the sweep's lock file: %s", path,
                            strerror(errno));
    struct flock probe = {.l_type = F_RDLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 1};
    if (fcntl(*fd, F_OFD_GETLK, &probe) != 0 && unsupported_errno(errno)) {
        close(*fd);
        *fd = -1;
        *unsupported = 1;
    }
    return RG_OK;
}

static int lock(int fd, int cmd, short type, off_t start, off_t len)
{
    struct flock l = {.l_type = type, .l_whence = SEEK_SET, .l_start = start, .l_len = len};
    int r;
    while ((r = fcntl(fd, cmd, &l)) != 0 && errno == EINTR) {
    }
    return r;
}

rg_status rg_sweep_lock_setup(int fd, int on, rg_error *err)
{
    if (fd < 0) return RG_OK;
    if (lock(fd, F_OFD_SETLKW, on ? F_WRLCK : F_UNLCK, SETUP_BYTE, 1) == 0 ||
        unsupported_errno(errno))
        return RG_OK;
    return rg_error_set(err, RG_EINTERNAL, "cannot lock the sweep folder: %s", strerror(errno));
}

rg_status rg_sweep_lock_tasks(int fd, const char *dir, long long first, long long last,
                              rg_error *err)
{
    if (fd < 0 || last <= first) return RG_OK;
    if (lock(fd, F_OFD_SETLK, F_WRLCK, (off_t)first, (off_t)(last - first)) == 0 ||
        unsupported_errno(errno))
        return RG_OK;
    if (errno != EAGAIN && errno != EACCES)
        return rg_error_set(err, RG_EINTERNAL, "%s/.lock: cannot lock: %s", dir, strerror(errno));
    struct flock who = {.l_type = F_WRLCK,
                        .l_whence = SEEK_SET,
                        .l_start = (off_t)first,
                        .l_len = (off_t)(last - first)};
    fcntl(fd, F_OFD_GETLK, &who);
    return rg_error_set(err, RG_EINPUT,
                        "%s: another reintegra process is running tasks of this sweep (from task "
                        "%lld on); wait for it to finish, or give this process other tasks",
                        dir, who.l_type == F_UNLCK ? first : (long long)who.l_start);
}
