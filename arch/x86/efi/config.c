/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mhv.cfg parser (format in config.h and docs/booting.md).
 *
 * Strict on purpose: an unknown directive, a malformed line or a value that
 * would not fit what the hypervisor accepts is an error naming the line,
 * never a silent truncation, because a boot that quietly drops a module is
 * harder to debug than one that refuses to start.
 */
#include "config.h"

/* One line of the file, without its end of line, comment or outer blanks. */
struct span {
    const char *p;
    size_t n;
};

static bool is_blank(char c)
{
    return c == ' ' || c == '\t';
}

static bool is_key_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9') || c == '_' || c == '-';
}

static char lower(char c)
{
    return (c >= 'A' && c <= 'Z') ? c - 'A' + 'a' : c;
}

static bool span_is(struct span s, const char *word)
{
    size_t i;

    for (i = 0; i < s.n; i++)
        if (!word[i] || lower(s.p[i]) != word[i])
            return false;
    return word[i] == '\0';
}

static struct span trim(struct span s)
{
    while (s.n && is_blank(s.p[0])) {
        s.p++;
        s.n--;
    }
    while (s.n && is_blank(s.p[s.n - 1]))
        s.n--;
    return s;
}

/* Copy @s into @dst (size @cap) with a NUL; false if it does not fit. */
static bool span_copy(char *dst, size_t cap, struct span s)
{
    if (s.n >= cap)
        return false;
    memcpy(dst, s.p, s.n);
    dst[s.n] = '\0';
    return true;
}

static size_t str_len(const char *s)
{
    size_t n = 0;

    while (s[n])
        n++;
    return n;
}

/* Append " " (if @dst is not empty) and @s; false if it does not fit. */
static bool str_append(char *dst, size_t cap, const char *sep, struct span s)
{
    size_t have = str_len(dst), need = s.n + (have ? str_len(sep) : 0);

    if (have + need >= cap)
        return false;
    if (have) {
        memcpy(dst + have, sep, str_len(sep));
        have += str_len(sep);
    }
    memcpy(dst + have, s.p, s.n);
    dst[have + s.n] = '\0';
    return true;
}

/* Characters FAT and the EFI file protocol cannot take in a file name. */
static bool path_char_ok(char c)
{
    if (c < 0x21 || c > 0x7e)
        return false;
    switch (c) {
    case '"': case '*': case ':': case '<': case '>': case '?': case '|':
        return false;
    default:
        return true;
    }
}

static void set_err(struct cfg_error *err, unsigned int line, const char *msg,
                    struct span key)
{
    err->line = line;
    err->msg = msg;
    if (key.n >= sizeof(err->key))
        key.n = sizeof(err->key) - 1;
    if (key.n)
        memcpy(err->key, key.p, key.n);
    err->key[key.n] = '\0';
}

/*
 * Split @text into lines; for each non-empty one call @fn.  Stops at the
 * first callback that returns non-zero and returns that.
 */
typedef int (*line_fn)(unsigned int lineno, struct span line, void *ctx);

static int for_each_line(const char *text, size_t len, line_fn fn, void *ctx)
{
    size_t pos = 0;
    unsigned int lineno = 0;

    /* A UTF-8 byte order mark (some editors write one) is skipped. */
    if (len >= 3 && (unsigned char)text[0] == 0xef &&
        (unsigned char)text[1] == 0xbb && (unsigned char)text[2] == 0xbf)
        pos = 3;

    while (pos < len) {
        struct span l = { text + pos, 0 };
        size_t i;
        int rc;

        lineno++;
        while (pos < len && text[pos] != '\n') {
            pos++;
            l.n++;
        }
        pos++;                                  /* the '\n' (or the end) */
        if (l.n && l.p[l.n - 1] == '\r')
            l.n--;
        /* '#' at the start or after a blank begins a comment. */
        for (i = 0; i < l.n; i++)
            if (l.p[i] == '#' && (i == 0 || is_blank(l.p[i - 1]))) {
                l.n = i;
                break;
            }
        l = trim(l);
        if (!l.n)
            continue;
        rc = fn(lineno, l, ctx);
        if (rc)
            return rc;
    }
    return 0;
}

struct parse_ctx {
    struct mhv_cfg *cfg;
    struct cfg_error *err;
    bool have_hypervisor;
};

/* Split "KEY = VALUE"; false when the line has no '=' after a word. */
static bool split_kv(struct span l, struct span *key, struct span *val)
{
    size_t i = 0;

    while (i < l.n && is_key_char(l.p[i]))
        i++;
    *key = (struct span){ l.p, i };
    while (i < l.n && is_blank(l.p[i]))
        i++;
    if (!key->n || i == l.n || l.p[i] != '=')
        return false;
    *val = trim((struct span){ l.p + i + 1, l.n - i - 1 });
    return true;
}

static bool parse_onerror(struct span val, enum cfg_onerror *out)
{
    if (span_is(val, "return"))
        *out = CFG_ONERROR_RETURN;
    else if (span_is(val, "shutdown"))
        *out = CFG_ONERROR_SHUTDOWN;
    else if (span_is(val, "reboot"))
        *out = CFG_ONERROR_REBOOT;
    else
        return false;
    return true;
}

/* First pass: only a well-formed onerror= line, so errors can honour it. */
static int scan_onerror(unsigned int lineno, struct span l, void *ctx)
{
    struct mhv_cfg *cfg = ctx;
    struct span key, val;

    (void)lineno;
    if (split_kv(l, &key, &val) && span_is(key, "onerror"))
        parse_onerror(val, &cfg->onerror);
    return 0;
}

/* "FILE [WORDS...]": the file name and the rest, both trimmed. */
static void split_file(struct span val, struct span *file, struct span *rest)
{
    size_t i = 0;

    while (i < val.n && !is_blank(val.p[i]))
        i++;
    *file = (struct span){ val.p, i };
    *rest = trim((struct span){ val.p + i, val.n - i });
}

static int check_path(struct parse_ctx *c, unsigned int lineno, struct span key,
                      struct span file, char *dst)
{
    size_t i;

    if (!file.n) {
        set_err(c->err, lineno, "missing file name", key);
        return -1;
    }
    for (i = 0; i < file.n; i++)
        if (!path_char_ok(file.p[i])) {
            set_err(c->err, lineno, "the file name has a character that FAT "
                    "does not allow", key);
            return -1;
        }
    if (!span_copy(dst, CFG_PATH_MAX, file)) {
        set_err(c->err, lineno, "file name too long (at most 255 characters)", key);
        return -1;
    }
    return 0;
}

static int add_module(struct parse_ctx *c, unsigned int lineno, struct span key,
                      struct span val, const char *prefix)
{
    struct mhv_cfg *cfg = c->cfg;
    struct cfg_module *m;
    struct span file, rest;

    if (cfg->nr_modules == CFG_MAX_MODULES) {
        set_err(c->err, lineno, "too many modules (mhv takes at most 16)", key);
        return -1;
    }
    m = &cfg->modules[cfg->nr_modules];
    split_file(val, &file, &rest);
    if (check_path(c, lineno, key, file, m->path))
        return -1;
    m->string[0] = '\0';
    if (prefix)
        str_append(m->string, sizeof(m->string), " ",
                   (struct span){ prefix, str_len(prefix) });
    if (rest.n && !str_append(m->string, sizeof(m->string), " ", rest)) {
        set_err(c->err, lineno, "module string too long (at most 255 characters)",
                key);
        return -1;
    }
    m->line = lineno;
    cfg->nr_modules++;
    return 0;
}

static int parse_line(unsigned int lineno, struct span l, void *ctx)
{
    struct parse_ctx *c = ctx;
    struct mhv_cfg *cfg = c->cfg;
    struct span key, val, file, rest;
    size_t i;

    for (i = 0; i < l.n; i++)
        if ((unsigned char)l.p[i] < 0x20 && l.p[i] != '\t') {
            set_err(c->err, lineno, "the line has a control character", (struct span){ 0 });
            return -1;
        } else if ((unsigned char)l.p[i] > 0x7e) {
            set_err(c->err, lineno, "the line has a character that is not "
                    "printable ASCII", (struct span){ 0 });
            return -1;
        }
    if (!split_kv(l, &key, &val)) {
        set_err(c->err, lineno, "expected KEY=VALUE", (struct span){ 0 });
        return -1;
    }

    if (span_is(key, "options")) {
        if (!str_append(cfg->options, sizeof(cfg->options), " ", val)) {
            set_err(c->err, lineno, "options too long (the hypervisor command "
                    "line takes at most 1023 characters)", key);
            return -1;
        }
    } else if (span_is(key, "hypervisor")) {
        if (c->have_hypervisor) {
            set_err(c->err, lineno, "a second hypervisor= line", key);
            return -1;
        }
        split_file(val, &file, &rest);
        if (rest.n) {
            set_err(c->err, lineno, "hypervisor= takes one file name (use "
                    "options= for the command line)", key);
            return -1;
        }
        if (check_path(c, lineno, key, file, cfg->hypervisor))
            return -1;
        c->have_hypervisor = true;
    } else if (span_is(key, "dom0")) {
        if (cfg->has_dom0) {
            set_err(c->err, lineno, "a second dom0= line", key);
            return -1;
        }
        if (cfg->nr_modules) {
            set_err(c->err, lineno, "dom0= must come before every module= and "
                    "domain= line (the control domain is module 0)", key);
            return -1;
        }
        if (add_module(c, lineno, key, val, "dom0"))
            return -1;
        cfg->has_dom0 = true;
    } else if (span_is(key, "domain")) {
        if (!cfg->has_dom0) {
            set_err(c->err, lineno, "domain= needs a dom0= line before it (the "
                    "first domain booted is the control domain)", key);
            return -1;
        }
        return add_module(c, lineno, key, val, "domu");
    } else if (span_is(key, "module")) {
        return add_module(c, lineno, key, val, NULL);
    } else if (span_is(key, "onerror")) {
        if (!parse_onerror(val, &cfg->onerror)) {
            set_err(c->err, lineno, "onerror= takes return, shutdown or reboot", key);
            return -1;
        }
    } else {
        set_err(c->err, lineno, "unknown directive (known: options, hypervisor, "
                "dom0, module, domain, onerror)", key);
        return -1;
    }
    return 0;
}

int cfg_parse(const char *text, size_t len, struct mhv_cfg *cfg,
              struct cfg_error *err)
{
    struct parse_ctx c = { cfg, err, false };
    size_t i;

    memset(cfg, 0, sizeof(*cfg));
    memset(err, 0, sizeof(*err));
    memcpy(cfg->hypervisor, "mhv", 4);
    cfg->onerror = CFG_ONERROR_RETURN;
    for_each_line(text, len, scan_onerror, cfg);

    for (i = 0; i < len; i++)
        if (!text[i]) {
            unsigned int line = 1;
            size_t j;

            for (j = 0; j < i; j++)
                line += text[j] == '\n';
            set_err(err, line, "the file has a NUL byte (is it a text file?)",
                    (struct span){ 0 });
            return -1;
        }
    return for_each_line(text, len, parse_line, &c) ? -1 : 0;
}

const char *cfg_onerror_name(enum cfg_onerror e)
{
    switch (e) {
    case CFG_ONERROR_SHUTDOWN:
        return "shutdown";
    case CFG_ONERROR_REBOOT:
        return "reboot";
    default:
        return "return";
    }
}
