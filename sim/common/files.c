/* File and path helpers. */
#include "common/files.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

int rg_path_relative_to(const char *file, const char *name, char *out, size_t size)
{
    int n;
    if (name[0] == '/') {
        n = snprintf(out, size, "%s", name);
    } else {
        const char *slash = strrchr(file, '/');
        int dirlen = slash ? (int)(slash - file + 1) : 0;
        n = snprintf(out, size, "%.*s%s", dirlen, file, name);
    }
    if (n < 0 || (size_t)n >= size) {
        if (size) out[0] = '\0';
        return -1;
    }
    return 0;
}

char *rg_file_read(const char *path)
{
    char *text = NULL;
    size_t len = 0;
    rg_error err = {0};
    if (rg_file_read_regular(path, (size_t)1 << 30, &text, &len, &err) != RG_OK) return NULL;
    return text;
}

static const char *kind_of(mode_t m)
{
    return S_ISDIR(m)                 ? "a folder"
           : S_ISFIFO(m)              ? "a FIFO"
           : S_ISSOCK(m)              ? "a socket"
           : S_ISCHR(m) || S_ISBLK(m) ? "a device"
                                      : "not a regular file";
}

/* Read all of fd (a regular file) into a malloc'd buffer of at most max bytes. */
static rg_status read_all(int fd, const char *path, size_t max, char **out, size_t *len,
                          rg_error *err)
{
    size_t cap = 8192, n = 0;
    char *buf = malloc(cap + 1);
    if (!buf) return rg_error_set(err, RG_EINTERNAL, "out of memory reading %s", path);
    for (;;) {
        if (n == cap) {
            if (cap > max) break;
            char *more = realloc(buf, 2 * cap + 1);
            if (!more) {
                free(buf);
                return rg_error_set(err, RG_EINTERNAL, "out of memory reading %s", path);
            }
            buf = more;
            cap *= 2;
        }
        ssize_t got = read(fd, buf + n, cap - n);
        if (got < 0 && errno == EINTR) continue;
        if (got < 0) {
            int e = errno;
            free(buf);
            return rg_error_set(err, RG_EINPUT, "%s: cannot read the file: %s", path, strerror(e));
        }
        if (got == 0) break;
        n += (size_t)got;
    }
    if (n > max) {
        free(buf);
        return rg_error_set(err, RG_EINPUT,
                            "%s: the file is larger than %zu bytes; expected a "
                            "smaller file",
                            path, max);
    }
    buf[n] = '\0';
    *out = buf;
    *len = n;
    return RG_OK;
}

rg_status rg_file_read_regular(const char *path, size_t max, char **out, size_t *len, rg_error *err)
{
    *out = NULL;
    *len = 0;
    /* O_NONBLOCK: opening a FIFO must not wait for a writer. */
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
    if (fd < 0) return rg_error_set(err, RG_EINPUT, "cannot open '%s': %s", path, strerror(errno));
    struct stat st;
    rg_status s = RG_OK;
    if (fstat(fd, &st) != 0)
        s = rg_error_set(err, RG_EINPUT, "%s: cannot open the file: %s", path, strerror(errno));
    else if (!S_ISREG(st.st_mode))
        s = rg_error_set(err, RG_EINPUT, "%s: is %s; expected a regular file", path,
                         kind_of(st.st_mode));
    else if ((unsigned long long)st.st_size > max)
        s = rg_error_set(err, RG_EINPUT,
                         "%s: the file is larger than %zu bytes; expected a smaller file", path,
                         max);
    if (s == RG_OK) {
        int flags = fcntl(fd, F_GETFL);
        if (flags >= 0) fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
        s = read_all(fd, path, max, out, len, err);
    }
    close(fd);
    return s;
}

int rg_file_same(const char *a, const char *b)
{
    struct stat sa, sb;
    if (stat(a, &sa) != 0 || stat(b, &sb) != 0) return 0;
    return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

int rg_path_is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

rg_status rg_file_out_open(rg_file_out *o, const char *path, rg_error *err)
{
    memset(o, 0, sizeof *o);
    if (snprintf(o->path, sizeof o->path, "%s", path) >= (int)sizeof o->path)
        return rg_error_set(err, RG_EINPUT, "%s: the path is too long", path);
    if (rg_path_is_dir(path))
        return rg_error_set(err, RG_EINPUT, "%s: is a folder; expected the name of a file", path);
    snprintf(o->tmp, sizeof o->tmp, "%s.tmp.XXXXXX", path);
    int fd = mkstemp(o->tmp); /* O_CREAT | O_EXCL: never through a link */
    if (fd < 0) {
        o->tmp[0] = '\0';
        return rg_error_set(err, RG_EINPUT, "%s: cannot create the file: %s", path,
                            strerror(errno));
    }
    mode_t mask = umask(0);
    umask(mask);
    fchmod(fd, 0666 & ~mask);
    o->f = fdopen(fd, "w");
    if (!o->f) {
        close(fd);
        rg_file_out_abort(o);
        return rg_error_set(err, RG_EINTERNAL, "out of memory");
    }
    return RG_OK;
}

rg_status rg_file_out_commit(rg_file_out *o, rg_error *err)
{
    int e = 0;
    if (fflush(o->f) != 0 || ferror(o->f)) e = errno ? errno : EIO;
    if (!e && fsync(fileno(o->f)) != 0 && errno != EINVAL) e = errno;
    if (fclose(o->f) != 0 && !e) e = errno ? errno : EIO;
    o->f = NULL;
    if (!e && rename(o->tmp, o->path) != 0) e = errno;
    if (e) {
        rg_file_out_abort(o);
        return rg_error_set(err, RG_EINTERNAL, "%s: cannot write the file: %s", o->path,
                            strerror(e));
    }
    o->tmp[0] = '\0';
    return RG_OK;
}

void rg_file_out_abort(rg_file_out *o)
{
    if (o->f) fclose(o->f);
    o->f = NULL;
    if (o->tmp[0]) unlink(o->tmp);
    o->tmp[0] = '\0';
}

const char *rg_abbrev(const char *text, size_t keep, char *buf, size_t size)
{
    if (strlen(text) <= keep) return text;
    snprintf(buf, size, "%.*s...", (int)keep, text);
    return buf;
}

const char *rg_disk_full_hint(const char *path, char *buf, size_t size)
{
    char dir[4096];
    snprintf(dir, sizeof dir, "%s", path);
    char *slash = strrchr(dir, '/');
    if (slash)
        slash[slash == dir ? 1 : 0] = '\0';
    else
        snprintf(dir, sizeof dir, ".");
    struct statvfs fs;
    buf[0] = '\0';
    if (statvfs(dir, &fs) != 0) return buf;
    double avail = (double)fs.f_bavail * (double)fs.f_frsize;
    if (avail < 1048576.0) snprintf(buf, size, " (the disk is full: %.0f kB free)", avail / 1024);
    return buf;
}
