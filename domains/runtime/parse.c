/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Argument decoding shared by the domain programs and their host tests.
 * No library calls: see parse.h.
 */
#include "parse.h"

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/*
 * A hex field of 1..@maxdigits digits at *s; advances *s past it.
 * Returns the value or -1 when there is no digit or too many.
 */
static long hex_field(const char **s, int maxdigits)
{
    long v = 0;
    int n = 0;

    while (hexval(**s) >= 0) {
        if (++n > maxdigits)
            return -1;
        v = v * 16 + hexval(**s);
        (*s)++;
    }
    return n ? v : -1;
}

int parse_sbdf(const char *s, uint32_t *sbdf)
{
    const char *p;
    long f[3], fn;
    int nf = 0, colons = 0;

    if (!s)
        return -MHV_EINVAL;
    /* Count the colons first: two mean a segment is given. */
    for (p = s; *p; p++)
        if (*p == ':')
            colons++;
    if (colons < 1 || colons > 2)
        return -MHV_EINVAL;

    p = s;
    if (colons == 2) {
        f[nf] = hex_field(&p, 4);           /* segment */
        if (f[nf++] < 0 || *p++ != ':')
            return -MHV_EINVAL;
    } else {
        f[nf++] = 0;
    }
    f[nf] = hex_field(&p, 2);               /* bus */
    if (f[nf++] < 0 || *p++ != ':')
        return -MHV_EINVAL;
    f[nf] = hex_field(&p, 2);               /* device */
    if (f[nf] < 0 || f[nf] > 0x1f || *p++ != '.')
        return -MHV_EINVAL;
    if (*p < '0' || *p > '7' || p[1] != '\0')
        return -MHV_EINVAL;
    fn = *p - '0';

    *sbdf = SBDF_MAKE(f[0], f[1], f[2], fn);
    return 0;
}

static char *put_hex(char *p, unsigned int v, int digits)
{
    static const char hex[] = "0123456789abcdef";

    while (digits--)
        *p++ = hex[(v >> (4 * digits)) & 0xf];
    return p;
}

char *sbdf_format(uint32_t sbdf, char buf[SBDF_STR_LEN])
{
    char *p = buf;

    p = put_hex(p, SBDF_SEG(sbdf), 4);
    *p++ = ':';
    p = put_hex(p, SBDF_BUS(sbdf), 2);
    *p++ = ':';
    p = put_hex(p, SBDF_DEV(sbdf), 2);
    *p++ = '.';
    *p++ = (char)('0' + SBDF_FN(sbdf));
    *p = '\0';
    return buf;
}

int parse_uint(const char *s, uint64_t max, uint64_t *out)
{
    uint64_t v = 0;
    unsigned int base = 10;
    int d, n = 0, overflow = 0;

    if (!s)
        return -MHV_EINVAL;
    if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        base = 16;
        s += 2;
    }
    for (; *s; s++, n++) {
        d = hexval(*s);
        if (d < 0 || (unsigned int)d >= base)
            return -MHV_EINVAL;
        if (v > (UINT64_MAX - (uint64_t)d) / base)
            overflow = 1;           /* keep going: garbage still wins */
        else
            v = v * base + (uint64_t)d;
    }
    if (!n)
        return -MHV_EINVAL;
    if (overflow || v > max)
        return -MHV_ERANGE;
    *out = v;
    return 0;
}

int parse_mac(const char *s, uint8_t mac[6])
{
    for (int i = 0; i < 6; i++) {
        int hi = hexval(s[0]), lo = hi < 0 ? -1 : hexval(s[1]);

        if (lo < 0)
            return -MHV_EINVAL;
        mac[i] = (uint8_t)(hi << 4 | lo);
        s += 2;
        if (i < 5 && *s++ != ':')
            return -MHV_EINVAL;
    }
    return *s ? -MHV_EINVAL : 0;
}

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

int split_args(char *line, char **argv, int max)
{
    int argc = 0;
    char *p = line;

    for (;;) {
        while (is_space(*p))
            p++;
        if (!*p || *p == '#')
            break;
        if (argc == max)
            return -MHV_E2BIG;
        argv[argc++] = p;
        while (*p && !is_space(*p))
            p++;
        if (!*p)
            break;
        *p++ = '\0';
    }
    return argc;
}

#define E(x) [MHV_##x] = #x
static const char *const errno_names[] = {
    E(EPERM), E(ENOENT), E(ESRCH), E(EINTR), E(EIO), E(ENXIO), E(E2BIG),
    E(EBADF), E(EAGAIN), E(ENOMEM), E(EACCES), E(EFAULT), E(EBUSY),
    E(EEXIST), E(ENODEV), E(EINVAL), E(ENOSPC), E(ERANGE), E(EDEADLK),
    E(ENOSYS), E(ENOTEMPTY), E(EOPNOTSUPP), E(ETIMEDOUT),
};
#undef E
#define NR_ERRNO_NAMES  ((int)(sizeof(errno_names) / sizeof(errno_names[0])))

const char *errno_to_name(int err)
{
    unsigned int e = err < 0 ? 0u - (unsigned int)err : (unsigned int)err;

    if (e > 0 && e < (unsigned int)NR_ERRNO_NAMES)
        return errno_names[e];
    return NULL;
}

int parse_cmdline_value(const char *cmdline, const char *key, char *buf, size_t size)
{
    const char *p = cmdline;

    while (*p) {
        const char *k = key;
        size_t n = 0;

        while (*p == ' ')
            p++;
        while (*k && *p == *k) {
            p++;
            k++;
        }
        if (!*k && *p == '=') {
            p++;
            while (p[n] && p[n] != ' ')
                n++;
            if (n >= size)
                return -MHV_E2BIG;
            for (size_t i = 0; i < n; i++)
                buf[i] = p[i];
            buf[n] = '\0';
            return 1;
        }
        while (*p && *p != ' ')
            p++;
    }
    return 0;
}

int str_eq(const char *a, const char *b)
{
    while (*a && *a == *b) {
        a++;
        b++;
    }
    return *a == *b;
}

int errno_from_name(const char *name)
{
    if (!name)
        return 0;
    for (int i = 1; i < NR_ERRNO_NAMES; i++)
        if (errno_names[i] && str_eq(errno_names[i], name))
            return i;
    return 0;
}
