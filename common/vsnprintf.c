/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vsnprintf: the subset of C99 formats the hypervisor uses, plus two
 * kernel extensions (as in Xen and Linux):
 *   %pp  a `const pci_sbdf_t *`, printed as 0000:01:10.2
 *   %pS  a code address, printed as function+0x1c/0x80
 * Flags: '-', '0', '#', ' ', '+'; width and precision (also '*');
 * length modifiers hh, h, l, ll, z, t; conversions d i u x X o c s p %.
 */
#include <mhv/lib.h>
#include <mhv/sbdf.h>
#include <mhv/symbols.h>

struct out {
    char *buf;
    size_t size;
    size_t len;     /* characters produced, even beyond size */
};

static void put(struct out *o, char c)
{
    if (o->len + 1 < o->size)
        o->buf[o->len] = c;
    o->len++;
}

#define F_LEFT   1
#define F_ZERO   2
#define F_ALT    4
#define F_SPACE  8
#define F_PLUS  16
#define F_UPPER 32

static void put_str(struct out *o, const char *s, int width, int prec,
                    unsigned int flags)
{
    int len;

    if (!s)
        s = "(null)";
    len = (int)strnlen(s, prec < 0 ? (size_t)-1 : (size_t)prec);
    if (!(flags & F_LEFT))
        for (; width > len; width--)
            put(o, ' ');
    for (int i = 0; i < len; i++)
        put(o, s[i]);
    for (; width > len; width--)
        put(o, ' ');
}

static void put_num(struct out *o, unsigned long long v, bool neg,
                    unsigned int base, int width, int prec, unsigned int flags)
{
    const char *digits = (flags & F_UPPER) ? "0123456789ABCDEF"
                                           : "0123456789abcdef";
    char tmp[24];
    int n = 0, pad;
    char sign = 0;
    const char *prefix = "";

    if (neg)
        sign = '-';
    else if (flags & F_PLUS)
        sign = '+';
    else if (flags & F_SPACE)
        sign = ' ';
    if ((flags & F_ALT) && v) {
        if (base == 16)
            prefix = (flags & F_UPPER) ? "0X" : "0x";
        else if (base == 8)
            prefix = "0";
    }

    do {
        tmp[n++] = digits[v % base];
        v /= base;
    } while (v);
    if (prec >= 0)
        flags &= ~F_ZERO;
    else
        prec = 1;

    pad = width - (n > prec ? n : prec) - (sign ? 1 : 0) - (int)strlen(prefix);
    if (!(flags & (F_LEFT | F_ZERO)))
        for (; pad > 0; pad--)
            put(o, ' ');
    if (sign)
        put(o, sign);
    for (const char *p = prefix; *p; p++)
        put(o, *p);
    if (flags & F_ZERO)
        for (; pad > 0; pad--)
            put(o, '0');
    for (int i = n; i < prec; i++)
        put(o, '0');
    while (n)
        put(o, tmp[--n]);
    for (; pad > 0; pad--)
        put(o, ' ');
}

static void put_pointer(struct out *o, char ext, const void *p, int width,
                        int prec, unsigned int flags)
{
    char tmp[128];

    switch (ext) {
    case 'p': {     /* PCI SBDF */
        const pci_sbdf_t *sbdf = p;

        if (!sbdf) {
            put_str(o, "(null sbdf)", width, prec, flags);
            return;
        }
        snprintf(tmp, sizeof(tmp), "%04x:%02x:%02x.%u", sbdf->seg,
                 sbdf->bus, sbdf->dev, sbdf->fn);
        put_str(o, tmp, width, prec, flags);
        return;
    }
    case 'S': {     /* symbol */
        unsigned long off, size;
        const char *name = symbols_lookup((unsigned long)p, &off, &size);

        if (name)
            snprintf(tmp, sizeof(tmp), "%s+%#lx/%#lx", name, off, size);
        else
            snprintf(tmp, sizeof(tmp), "%p", p);
        put_str(o, tmp, width, prec, flags);
        return;
    }
    default:
        put_num(o, (unsigned long)p, false, 16, width < 0 ? 0 : width, prec,
                flags | F_ALT);
    }
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
    struct out o = { .buf = buf, .size = size, .len = 0 };

    for (; *fmt; fmt++) {
        unsigned int flags = 0;
        int width = -1, prec = -1, lng = 0;
        unsigned int base = 10;
        bool is_signed = false;
        unsigned long long v;
        long long sv;

        if (*fmt != '%') {
            put(&o, *fmt);
            continue;
        }
        /* flags */
        for (;;) {
            char c = *++fmt;

            if (c == '-')
                flags |= F_LEFT;
            else if (c == '0')
                flags |= F_ZERO;
            else if (c == '#')
                flags |= F_ALT;
            else if (c == ' ')
                flags |= F_SPACE;
            else if (c == '+')
                flags |= F_PLUS;
            else
                break;
        }
        /* width */
        if (*fmt == '*') {
            width = va_arg(ap, int);
            if (width < 0) {
                flags |= F_LEFT;
                width = -width;
            }
            fmt++;
        } else {
            for (width = 0; *fmt >= '0' && *fmt <= '9'; fmt++)
                width = width * 10 + (*fmt - '0');
        }
        /* precision */
        if (*fmt == '.') {
            fmt++;
            if (*fmt == '*') {
                prec = va_arg(ap, int);
                fmt++;
            } else {
                for (prec = 0; *fmt >= '0' && *fmt <= '9'; fmt++)
                    prec = prec * 10 + (*fmt - '0');
            }
        }
        /* length */
        for (;; fmt++) {
            if (*fmt == 'l')
                lng++;
            else if (*fmt == 'z' || *fmt == 't')
                lng = 1;
            else if (*fmt == 'h')
                lng = lng > -2 ? lng - 1 : lng;
            else
                break;
        }
        if (flags & F_LEFT)
            flags &= ~F_ZERO;

        switch (*fmt) {
        case '%':
            put(&o, '%');
            continue;
        case 'c':
            put(&o, (char)va_arg(ap, int));
            continue;
        case 's':
            put_str(&o, va_arg(ap, const char *), width, prec, flags);
            continue;
        case 'p': {
            const void *p = va_arg(ap, const void *);
            char ext = 0;

            if (fmt[1] == 'p' || fmt[1] == 'S')
                ext = *++fmt;
            put_pointer(&o, ext, p, width, prec, flags);
            continue;
        }
        case 'd':
        case 'i':
            is_signed = true;
            break;
        case 'u':
            break;
        case 'X':
            flags |= F_UPPER;
            /* fall through */
        case 'x':
            base = 16;
            break;
        case 'o':
            base = 8;
            break;
        case '\0':
            fmt--;
            continue;
        default:
            put(&o, '%');
            put(&o, *fmt);
            continue;
        }

        if (is_signed) {
            if (lng >= 2)
                sv = va_arg(ap, long long);
            else if (lng == 1)
                sv = va_arg(ap, long);
            else
                sv = va_arg(ap, int);
            if (lng == -1)
                sv = (short)sv;
            else if (lng <= -2)
                sv = (signed char)sv;
            v = sv < 0 ? -(unsigned long long)sv : (unsigned long long)sv;
            put_num(&o, v, sv < 0, base, width, prec, flags);
        } else {
            if (lng >= 2)
                v = va_arg(ap, unsigned long long);
            else if (lng == 1)
                v = va_arg(ap, unsigned long);
            else
                v = va_arg(ap, unsigned int);
            if (lng == -1)
                v = (unsigned short)v;
            else if (lng <= -2)
                v = (unsigned char)v;
            put_num(&o, v, false, base, width, prec, flags);
        }
    }
    if (o.size)
        o.buf[o.len < o.size ? o.len : o.size - 1] = '\0';
    return (int)o.len;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(buf, size, fmt, ap);
    va_end(ap);
    return n;
}
