/* SPDX-License-Identifier: GPL-2.0 */
/*
 * printk: formatted console output with log levels.
 *
 * Every line starts with "(MHV) ".  Output is serialised by a private
 * recursive ticket lock: it must work from any context (interrupts, fault
 * handlers, the lock checker's own reports), so it is deliberately not one
 * of the checked locks of <mhv/spinlock.h>.  A CPU that re-enters printk
 * (a fault while printing) proceeds; the panic path can steal the lock.
 */
#include <mhv/lib.h>
#include <mhv/bug.h>
#include <mhv/console.h>
#include <mhv/dom_console.h>
#include <mhv/ratelimit.h>
#include <mhv/init.h>
#include <mhv/errno.h>
#include <mhv/smp.h>
#include <mhv/time.h>
#include <asm/processor.h>
#include <asm/irqflags.h>

static unsigned int loglvl = LOGL_INFO;

static int parse_loglvl(const char *v)
{
    static const char *const names[] = {
        "crit", "err", "warning", "info", "debug", "trace",
    };
    const char *end;

    if (!v)
        return -EINVAL;
    if (!strcmp(v, "all")) {
        loglvl = LOGL_TRACE;
        return 0;
    }
    for (unsigned int i = 0; i < ARRAY_SIZE(names); i++)
        if (!strcmp(v, names[i])) {
            loglvl = i;
            return 0;
        }
    loglvl = simple_strtoul(v, &end, 10);
    if (*end || loglvl > LOGL_TRACE) {
        loglvl = LOGL_INFO;
        return -EINVAL;
    }
    return 0;
}
custom_param("loglvl", parse_loglvl);

bool printk_enabled(enum log_level lvl)
{
    return lvl <= loglvl;
}

bool printk_fmt_enabled(const char *fmt)
{
    if (fmt[0] == '<' && fmt[1] >= '0' && fmt[1] <= '9' && fmt[2] == '>')
        return printk_enabled(fmt[1] - '0');
    return printk_enabled(LOGL_INFO);
}

static struct {
    unsigned int next, owner_ticket;
    int owner_cpu;
    unsigned int depth;
} conlock = { .owner_cpu = -1 };
static bool at_line_start = true;
/* Who wrote the unfinished line on the console: the hypervisor or a domain. */
#define OWNER_HV (-1)
static int line_owner = OWNER_HV;

/* Start a fresh line if someone else left one unfinished (conlock held). */
static void claim_line(int owner)
{
    if (!at_line_start && line_owner != owner) {
        console_write("\n", 1);
        at_line_start = true;
    }
    line_owner = owner;
}

static void conlock_acquire(void)
{
    unsigned int me = smp_processor_id(), t;

    if (READ_ONCE(conlock.owner_cpu) == (int)me) {
        conlock.depth++;
        return;
    }
    t = __atomic_fetch_add(&conlock.next, 1, __ATOMIC_ACQUIRE);
    while (__atomic_load_n(&conlock.owner_ticket, __ATOMIC_ACQUIRE) != t)
        cpu_relax();
    conlock.owner_cpu = me;
    conlock.depth = 1;
}

static void conlock_release(void)
{
    if (--conlock.depth)
        return;
    conlock.owner_cpu = -1;
    __atomic_fetch_add(&conlock.owner_ticket, 1, __ATOMIC_RELEASE);
}

void console_force_unlock(void)
{
    conlock.owner_cpu = -1;
    conlock.depth = 0;
    conlock.owner_ticket = conlock.next;
}

void vprintk(const char *fmt, va_list ap)
{
    char buf[512];
    unsigned int lvl = LOGL_INFO;
    unsigned long flags;
    const char *p, *nl;
    int n;

    if (fmt[0] == '<' && fmt[1] >= '0' && fmt[1] <= '9' && fmt[2] == '>') {
        lvl = fmt[1] - '0';
        fmt += 3;
    }
    if (lvl > loglvl)
        return;

    n = vsnprintf(buf, sizeof(buf), fmt, ap);
    if (n >= (int)sizeof(buf)) {
        n = sizeof(buf) - 1;
        buf[n - 1] = '\n';
    }

    local_irq_save(flags);
    conlock_acquire();
    claim_line(OWNER_HV);
    for (p = buf; *p; p = nl) {
        nl = strchr(p, '\n');
        nl = nl ? nl + 1 : p + strlen(p);
        if (at_line_start)
            console_write("(MHV) ", 6);
        console_write(p, nl - p);
        at_line_start = nl[-1] == '\n';
    }
    conlock_release();
    local_irq_restore(flags);
}

void printk(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vprintk(fmt, ap);
    va_end(ap);
}

/*
 * Output of a domain (console_io).  The control domain's bytes go out as
 * they come (it draws the mhvctl prompt); other domains' output is
 * collected per line in the domain (common/dom_console.c) and written here
 * as "(dN) line".
 */
void console_write_domain_line(unsigned int domid, const char *s, size_t len)
{
    char prefix[16];
    int n = snprintf(prefix, sizeof(prefix), "(d%u) ", domid);
    unsigned long flags;

    local_irq_save(flags);
    conlock_acquire();
    claim_line((int)domid);
    console_write(prefix, n);
    console_write(s, len);
    console_write("\n", 1);
    at_line_start = true;
    conlock_release();
    local_irq_restore(flags);
}

void console_write_raw(unsigned int domid, const char *s, size_t len)
{
    unsigned long flags;

    local_irq_save(flags);
    conlock_acquire();
    claim_line((int)domid);
    console_write(s, len);
    if (len)
        at_line_start = s[len - 1] == '\n';
    conlock_release();
    local_irq_restore(flags);
}

/*
 * gprintk()'s buckets (<mhv/ratelimit.h>): each domain's (the lookups the
 * domain layer registered pick it) and this shared one.  The console lock
 * serialises them: gprintk() is called from any context, like printk().
 */
static struct ratelimit shared_rl = RATELIMIT_INIT(LOG_RATELIMIT_BURST,
                                                   LOG_RATELIMIT_INTERVAL_NS);
static struct ratelimit *(*rl_source)(void);
static struct ratelimit *(*rl_of_domain)(int domid);

void printk_ratelimit_set_source(struct ratelimit *(*source)(void))
{
    rl_source = source;
}

void printk_ratelimit_set_domain_bucket(struct ratelimit *(*bucket)(int domid))
{
    rl_of_domain = bucket;
}

/* One more line from @rl (NULL: the shared bucket)? */
static bool ratelimit_line(struct ratelimit *rl)
{
    unsigned long flags, missed;
    bool pass;

    if (!rl)
        rl = &shared_rl;
    local_irq_save(flags);
    conlock_acquire();
    pass = ratelimit_pass(rl, NOW(), &missed);
    if (missed)
        printk(LOG_WARNING "%s%s%lu messages suppressed (rate limit)\n",
               rl->label, rl->label[0] ? ": " : "", missed);
    conlock_release();
    local_irq_restore(flags);
    return pass;
}

bool printk_ratelimit(void)
{
    return ratelimit_line(rl_source ? rl_source() : NULL);
}

bool printk_ratelimit_domain(int domid)
{
    /* The bucket lives in the domain, which stays allocated while this CPU
     * has interrupts off; looked up before the console lock (the lookup
     * has a lock of its own). */
    if (domid < 0 || !rl_of_domain)
        return ratelimit_line(NULL);
    ASSERT(!local_irq_is_enabled());
    return ratelimit_line(rl_of_domain(domid));
}
