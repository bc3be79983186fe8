/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The lock checker (<mhv/lockdep.h>), built with CONFIG_DEBUG_LOCKS.
 *
 * State:
 *  - per CPU: the stack of locks it holds (lock, class, kind, call site),
 *    a "busy" flag (set while the checker itself runs or prints: lock
 *    operations nested in it, e.g. the console lock, are not checked) and
 *    the report-only switch with its counter.  Changed with interrupts off,
 *    only by its own CPU (other CPUs read it racily, for diagnostics only).
 *  - global: the class table (id -> key, IRQ usage with the first call
 *    site of each kind), the order graph as an adjacency bitmap (edges are
 *    only ever added, so the fast path reads it without a lock) and the
 *    table of edges with their call sites.  Additions are serialised by
 *    graph_lock, a raw test-and-set lock taken with interrupts off and
 *    never held while printing.
 *
 * Lock order: on a blocking acquisition of class B, each held class A
 * (A != B) whose edge A->B is not yet recorded is checked once under
 * graph_lock: a path B ~> A in the graph means an inversion (reported,
 * edge not added); otherwise A->B is added.  Since an edge is added only
 * when it closes no cycle, the graph stays acyclic and every cycle is
 * caught by the edge that would close it.  The search is a breadth-first
 * walk over at most LOCKDEP_MAX_CLASSES nodes, done only for new edges.
 */
#include <mhv/lockdep.h>
#include <mhv/lib.h>
#include <mhv/bug.h>
#include <mhv/smp.h>
#include <mhv/stacktrace.h>
#include <asm/irqflags.h>
#include <asm/processor.h>

#define NO_CLASS        0xffffu     /* class table full: not tracked */
#define MAX_SHOWN_PATH  8           /* edges of a cycle shown in a report */

#define IRQS_ON         0           /* index into lock_class.irq_site */
#define IRQS_OFF        1

struct held_lock {
    const void *lock;
    const struct lock_debug *dbg;
    void *site;
    u16 class_id;
    u8 kind;
    bool trylock;
};

struct lockdep_cpu {
    struct held_lock held[LOCKDEP_MAX_HELD];
    unsigned int depth;
    bool busy;
    bool report_only;
    unsigned int reports;
};

struct lock_class {
    const char *name;           /* copied: a key may go away with its lock */
    u8 irq_usage;               /* bit IRQS_ON / IRQS_OFF: seen that way */
    void *irq_site[2];          /* first call site of each kind */
};

struct lock_edge {
    u16 from, to;
    void *from_site, *to_site;  /* where each was taken, first time seen */
};

static struct lockdep_cpu lockdep_cpus[NR_CPUS];

static struct lock_class classes[LOCKDEP_MAX_CLASSES];     /* [0] unused */
static unsigned int nr_classes = 1;
static u64 deps[LOCKDEP_MAX_CLASSES][LOCKDEP_MAX_CLASSES / 64];
static struct lock_edge edges[LOCKDEP_MAX_EDGES];
static unsigned int nr_edges;
static u16 bfs_parent[LOCKDEP_MAX_CLASSES];                /* graph_lock */
static u16 bfs_queue[LOCKDEP_MAX_CLASSES];                 /* graph_lock */
static u32 graph_lock_word;

static bool lockdep_off;            /* held-lock stack overflowed */
static bool irq_checks;
static bool warned_classes, warned_edges;

static s_time_t spin_limit_ns = 10000000000LL;     /* 10 s */
static unsigned long spin_limit_iters = 1UL << 30;

/* ------------------------------------------------------------ helpers */

static struct lockdep_cpu *this_lockdep_cpu(void)
{
    unsigned int cpu = smp_processor_id();

    return cpu < NR_CPUS ? &lockdep_cpus[cpu] : NULL;
}

static void graph_lock(void)
{
    while (__atomic_exchange_n(&graph_lock_word, 1, __ATOMIC_ACQUIRE))
        cpu_relax();
}

static void graph_unlock(void)
{
    __atomic_store_n(&graph_lock_word, 0, __ATOMIC_RELEASE);
}

static const struct lock_class_key *key_of(const struct lock_debug *dbg)
{
    return dbg->key ? dbg->key : &dbg->self;
}

static const char *key_name(const struct lock_class_key *key)
{
    return key && key->name ? key->name : "(unnamed lock)";
}

static const char *class_name(unsigned int id)
{
    return id && id < nr_classes && classes[id].name ? classes[id].name :
           "?";
}

static bool dep_test(unsigned int a, unsigned int b)
{
    return __atomic_load_n(&deps[a][b / 64], __ATOMIC_RELAXED) &
           (1ULL << (b % 64));
}

/* @pre graph_lock held */
static void dep_set(unsigned int a, unsigned int b)
{
    __atomic_fetch_or(&deps[a][b / 64], 1ULL << (b % 64), __ATOMIC_RELAXED);
}

/*
 * The class id of @dbg's lock, registering the class on first use.
 * Returns NO_CLASS when the table is full.  Must run with interrupts off.
 */
static unsigned int class_id(const struct lock_debug *dbg, bool *full)
{
    struct lock_class_key *key = dbg->key;
    unsigned int id;

    /* Never initialised (zero-filled): no class, not order-checked. */
    if (!key)
        return NO_CLASS;
    id = __atomic_load_n(&key->id, __ATOMIC_ACQUIRE);
    if (likely(id))
        return id;
    graph_lock();
    id = key->id;
    if (!id) {
        if (nr_classes < LOCKDEP_MAX_CLASSES) {
            id = nr_classes;
            classes[id].name = key_name(key);
            __atomic_store_n(&nr_classes, id + 1, __ATOMIC_RELEASE);
        } else {
            id = NO_CLASS;
            if (!warned_classes)
                *full = warned_classes = true;
        }
        __atomic_store_n(&key->id, (u16)id, __ATOMIC_RELEASE);
    }
    graph_unlock();
    return id;
}

static bool class_tracked(unsigned int id)
{
    return id && id != NO_CLASS;
}

/* @pre graph_lock held */
static const struct lock_edge *find_edge(unsigned int from, unsigned int to)
{
    unsigned int i;

    for (i = 0; i < nr_edges; i++)
        if (edges[i].from == from && edges[i].to == to)
            return &edges[i];
    return NULL;
}

/*
 * Breadth-first search for a path @from ~> @to.  On success fills @path
 * with the classes along it (from first, at most MAX_SHOWN_PATH + 1 of
 * them) and returns the number of edges; 0 when there is none.
 * @pre graph_lock held
 */
static unsigned int find_path(unsigned int from, unsigned int to, u16 *path)
{
    unsigned int head = 0, tail = 0, n = nr_classes, len, c, i;

    for (i = 0; i < n; i++)
        bfs_parent[i] = NO_CLASS;
    bfs_parent[from] = (u16)from;
    bfs_queue[tail++] = (u16)from;
    while (head < tail) {
        unsigned int cur = bfs_queue[head++];

        for (i = 1; i < n; i++) {
            if (bfs_parent[i] != NO_CLASS || !dep_test(cur, i))
                continue;
            bfs_parent[i] = (u16)cur;
            if (i == to)
                goto found;
            bfs_queue[tail++] = (u16)i;
        }
    }
    return 0;

found:
    len = 0;
    for (c = to; c != from; c = bfs_parent[c])
        len++;
    /* Keep the first MAX_SHOWN_PATH edges from @from. */
    i = len;
    for (c = to; c != from; c = bfs_parent[c]) {
        if (i <= MAX_SHOWN_PATH)
            path[i] = (u16)c;
        i--;
    }
    path[0] = (u16)from;
    return len;
}

/* ------------------------------------------------------------ reports */

static void report_begin(struct lockdep_cpu *c, const char *what)
{
    if (c)
        c->busy = true;
    printk(LOG_ERR "lock check: %s on CPU%u\n", what, smp_processor_id());
}

/*
 * Finish a report: count it (report-only mode), or fail like an ASSERT.
 * A self-deadlock (@always_fatal) cannot be survived.
 */
static void report_end(struct lockdep_cpu *c, const char *what,
                       bool always_fatal)
{
    if (c && c->report_only && !always_fatal) {
        dump_stack();
        c->reports++;
        c->busy = false;
        return;
    }
    if (c)
        c->busy = false;
    assert_failed(what, __FILE__, __LINE__);
}

static void print_lock(const char *prefix, const struct lock_debug *dbg,
                       const void *lock)
{
    printk(LOG_ERR "  %s '%s' (lock %p)\n", prefix,
           key_name(key_of(dbg)), lock);
}

void lockdep_misuse(const char *what, const struct lock_debug *dbg,
                    const void *lock, void *site, bool always_fatal)
{
    struct lockdep_cpu *c = this_lockdep_cpu();

    report_begin(c, what);
    print_lock("lock", dbg, lock);
    printk(LOG_ERR "  at %pS\n", site);
    if (dbg->owner != LOCK_NO_OWNER)
        printk(LOG_ERR "  held exclusively by CPU%u\n", dbg->owner - 1u);
    report_end(c, what, always_fatal);
}

struct irq_problem {
    unsigned int id;
    bool irqs_on;               /* how it is being taken now */
    void *site, *other_site;
};

static void report_irq(struct lockdep_cpu *c, const struct irq_problem *p)
{
    static const char what[] = "lock taken both with interrupts enabled "
                               "and disabled";

    report_begin(c, what);
    printk(LOG_ERR "  class '%s' taken with interrupts %s at %pS\n",
           class_name(p->id), p->irqs_on ? "enabled" : "disabled", p->site);
    printk(LOG_ERR "  but with interrupts %s at %pS\n",
           p->irqs_on ? "disabled" : "enabled", p->other_site);
    report_end(c, what, false);
}

struct order_problem {
    unsigned int held_id, new_id;
    void *held_site, *new_site;
    unsigned int len;                       /* edges in new ~> held */
    u16 path[MAX_SHOWN_PATH + 1];
    void *sites[MAX_SHOWN_PATH][2];
};

static void report_order(struct lockdep_cpu *c, const struct order_problem *p)
{
    static const char what[] = "lock order inversion";
    unsigned int i, shown = min(p->len, (unsigned int)MAX_SHOWN_PATH);

    report_begin(c, what);
    printk(LOG_ERR "  taking '%s' at %pS\n", class_name(p->new_id),
           p->new_site);
    printk(LOG_ERR "  while holding '%s' taken at %pS\n",
           class_name(p->held_id), p->held_site);
    printk(LOG_ERR "  but the order '%s' -> '%s' was recorded before:\n",
           class_name(p->new_id), class_name(p->held_id));
    for (i = 0; i < shown; i++)
        printk(LOG_ERR "    '%s' taken at %pS, then '%s' taken at %pS\n",
               class_name(p->path[i]), p->sites[i][0],
               class_name(p->path[i + 1]), p->sites[i][1]);
    if (shown < p->len)
        printk(LOG_ERR "    ... (%u more)\n", p->len - shown);
    report_end(c, what, false);
}

/* ------------------------------------------------------------ checks */

static bool check_irq(unsigned int id, bool irqs_on, void *site,
                      struct irq_problem *p)
{
    struct lock_class *cl = &classes[id];
    unsigned int kind = irqs_on ? IRQS_ON : IRQS_OFF;
    u8 old = __atomic_fetch_or(&cl->irq_usage, (u8)(1u << kind),
                               __ATOMIC_RELAXED);

    if (!(old & (1u << kind)))
        WRITE_ONCE(cl->irq_site[kind], site);
    if (!(old & (1u << (kind ^ 1))))
        return false;
    p->id = id;
    p->irqs_on = irqs_on;
    p->site = site;
    p->other_site = READ_ONCE(cl->irq_site[kind ^ 1]);
    return true;
}

/*
 * Record or check the edge held -> @id.  True on an inversion (@p filled).
 * @pre interrupts off
 */
static bool check_edge(const struct held_lock *h, unsigned int id, void *site,
                       struct order_problem *p, bool *edges_full)
{
    unsigned int a = h->class_id, i;
    bool bad = false;

    graph_lock();
    if (dep_test(a, id))
        goto out;
    p->len = find_path(id, a, p->path);
    if (p->len) {
        bad = true;
        p->held_id = a;
        p->new_id = id;
        p->held_site = h->site;
        p->new_site = site;
        for (i = 0; i < min(p->len, (unsigned int)MAX_SHOWN_PATH); i++) {
            const struct lock_edge *e = find_edge(p->path[i], p->path[i + 1]);

            p->sites[i][0] = e ? e->from_site : NULL;
            p->sites[i][1] = e ? e->to_site : NULL;
        }
        goto out;
    }
    dep_set(a, id);
    if (nr_edges < LOCKDEP_MAX_EDGES) {
        edges[nr_edges].from = (u16)a;
        edges[nr_edges].to = (u16)id;
        edges[nr_edges].from_site = h->site;
        edges[nr_edges].to_site = site;
        nr_edges++;
    } else if (!warned_edges) {
        *edges_full = warned_edges = true;
    }
out:
    graph_unlock();
    return bad;
}

struct nest_problem {
    unsigned int id;
    u32 held_order, new_order;
    void *held_site, *new_site;
};

static void report_nest(struct lockdep_cpu *c, const struct nest_problem *p)
{
    static const char what[] = "same-class lock order inversion";

    report_begin(c, what);
    printk(LOG_ERR "  taking '%s' (nest order %u) at %pS\n", class_name(p->id),
           p->new_order, p->new_site);
    printk(LOG_ERR "  while holding '%s' (nest order %u) taken at %pS\n",
           class_name(p->id), p->held_order, p->held_site);
    printk(LOG_ERR "  but locks of this class nest in ascending order only\n");
    report_end(c, what, false);
}

void lockdep_check_acquire(struct lock_debug *dbg, const void *lock,
                           enum lock_kind kind, bool trylock, void *site)
{
    struct nest_problem np;
    bool nest_bad = false;
    struct lockdep_cpu *c = this_lockdep_cpu();
    bool irqs_on = local_irq_is_enabled();
    bool irq_bad = false, order_bad = false;
    bool classes_full = false, edges_full = false;
    struct irq_problem ip;
    struct order_problem op;
    unsigned long flags;
    unsigned int id, i;

    if (!c || c->busy || READ_ONCE(lockdep_off))
        return;
    local_irq_save(flags);
    c->busy = true;
    id = class_id(dbg, &classes_full);
    if (class_tracked(id)) {
        /* A trylock with interrupts off cannot wait: exempt (Xen's rule). */
        if (READ_ONCE(irq_checks) && !(trylock && !irqs_on))
            irq_bad = check_irq(id, irqs_on, site, &ip);
        for (i = 0; !trylock && !irq_bad && i < c->depth; i++) {
            const struct held_lock *h = &c->held[i];

            if (h->class_id == id && h->lock != lock && dbg->nest_order &&
                h->dbg->nest_order && h->dbg->nest_order >= dbg->nest_order) {
                np = (struct nest_problem){ .id = id, .new_site = site,
                    .held_order = h->dbg->nest_order, .held_site = h->site,
                    .new_order = dbg->nest_order };
                nest_bad = true;
                break;
            }
            if (!class_tracked(h->class_id) || h->class_id == id ||
                dep_test(h->class_id, id))
                continue;
            order_bad = check_edge(h, id, site, &op, &edges_full);
            if (order_bad)
                break;
        }
    }
    c->busy = false;
    local_irq_restore(flags);

    if (classes_full)
        printk(LOG_WARNING "lock check: more than %u lock classes; '%s' "
               "and later ones are not order-checked\n",
               LOCKDEP_MAX_CLASSES - 1, key_name(key_of(dbg)));
    if (edges_full)
        printk(LOG_WARNING "lock check: lock order table full (%u edges); "
               "call sites of new edges are not recorded\n",
               LOCKDEP_MAX_EDGES);
    if (irq_bad)
        report_irq(c, &ip);
    if (order_bad)
        report_order(c, &op);
    if (nest_bad)
        report_nest(c, &np);
}

void lockdep_acquired(struct lock_debug *dbg, const void *lock,
                      enum lock_kind kind, bool trylock, void *site)
{
    struct lockdep_cpu *c = this_lockdep_cpu();
    bool overflow = false;
    struct held_lock *h;
    unsigned long flags;

    if (!c || c->busy || READ_ONCE(lockdep_off))
        return;
    local_irq_save(flags);
    if (c->depth == LOCKDEP_MAX_HELD) {
        WRITE_ONCE(lockdep_off, true);
        overflow = true;
    } else {
        h = &c->held[c->depth];
        h->lock = lock;
        h->dbg = dbg;
        h->site = site;
        h->class_id = dbg->key ? dbg->key->id : 0;
        h->kind = (u8)kind;
        h->trylock = trylock;
        c->depth++;
    }
    local_irq_restore(flags);
    if (overflow)
        printk(LOG_WARNING "lock check: CPU%u holds more than %u locks; "
               "lock checking turned off\n", smp_processor_id(),
               LOCKDEP_MAX_HELD);
}

void lockdep_released(const void *lock, enum lock_kind kind)
{
    struct lockdep_cpu *c = this_lockdep_cpu();
    unsigned long flags;
    unsigned int i;

    if (!c || c->busy || READ_ONCE(lockdep_off))
        return;
    local_irq_save(flags);
    for (i = c->depth; i-- > 0; ) {
        if (c->held[i].lock != lock || c->held[i].kind != kind)
            continue;
        for (; i + 1 < c->depth; i++)
            c->held[i] = c->held[i + 1];
        c->depth--;
        break;
    }
    local_irq_restore(flags);
}

int lockdep_held_by_me(const void *lock, enum lock_kind kind)
{
    struct lockdep_cpu *c = this_lockdep_cpu();
    unsigned long flags;
    unsigned int i;
    int found = 0;

    if (READ_ONCE(lockdep_off)) {
        static bool said;

        /* Say once, loudly, that the "held by me" assertions have lost
         * their teeth: every _by_me predicate now only means "held". */
        if (!__atomic_exchange_n(&said, true, __ATOMIC_RELAXED))
            printk(LOG_ERR "lock check: OFF (a CPU held more than %u locks): "
                   "'held by this CPU' assertions now only check that the "
                   "lock is held by someone\n", LOCKDEP_MAX_HELD);
        return -1;
    }
    if (!c || c->busy)
        return -1;
    local_irq_save(flags);
    for (i = 0; i < c->depth; i++)
        if (c->held[i].lock == lock && c->held[i].kind == kind)
            found = 1;
    local_irq_restore(flags);
    return found;
}

int lockdep_held_count(void)
{
    struct lockdep_cpu *c = this_lockdep_cpu();

    if (READ_ONCE(lockdep_off) || !c)
        return -1;
    return (int)c->depth;
}

bool lockdep_active(void)
{
    return !READ_ONCE(lockdep_off);
}

/* ------------------------------------------------------------ long spins */

__weak s_time_t lockdep_clock_ns(void)
{
    return -1;
}

void lockdep_set_spin_limit(s_time_t ns, unsigned long iterations)
{
    if (ns > 0)
        spin_limit_ns = ns;
    if (iterations)
        spin_limit_iters = iterations;
}

void lockdep_spin_watch_init(struct lock_spin_watch *w)
{
    w->iters = 0;
    w->start = -1;
    w->reported = false;
}

static void print_holders(const struct lock_debug *dbg, const void *lock)
{
    unsigned int cpu, i;
    bool any = false;

    if (dbg && dbg->owner != LOCK_NO_OWNER) {
        printk(LOG_ERR "  held by CPU%u\n", dbg->owner - 1u);
        any = true;
    }
    /* Racy look at the other CPUs' records: diagnostics only. */
    for (cpu = 0; cpu < NR_CPUS; cpu++) {
        const struct lockdep_cpu *o = &lockdep_cpus[cpu];
        unsigned int depth = min((unsigned int)READ_ONCE(o->depth),
                                 (unsigned int)LOCKDEP_MAX_HELD);

        for (i = 0; i < depth; i++) {
            if (o->held[i].lock != lock)
                continue;
            if (o->held[i].kind == LOCK_KIND_READ)
                printk(LOG_ERR "  held for read by CPU%u, taken at %pS\n",
                       cpu, o->held[i].site);
            else
                printk(LOG_ERR "  CPU%u took it at %pS\n", cpu,
                       o->held[i].site);
            any = true;
        }
    }
    if (!any)
        printk(LOG_ERR "  holder unknown\n");
}

void lockdep_spin_watch(struct lock_spin_watch *w,
                        const struct lock_debug *dbg, const void *lock,
                        enum lock_kind kind, void *site)
{
    static const char what[] = "spinning on a lock for too long";
    struct lockdep_cpu *c;
    bool expired = false;

    if (w->reported)
        return;
    w->iters++;
    if ((w->iters & 1023) == 1) {
        s_time_t now = lockdep_clock_ns();

        if (now >= 0 && w->start < 0)
            w->start = now;
        else if (now >= 0 && now - w->start > spin_limit_ns)
            expired = true;
    }
    if (w->start < 0 && w->iters > spin_limit_iters)
        expired = true;
    if (!expired)
        return;

    w->reported = true;
    c = this_lockdep_cpu();
    report_begin(c, what);
    if (dbg)
        print_lock(kind == LOCK_KIND_READ ? "waiting to read-lock" :
                   kind == LOCK_KIND_WRITE ? "waiting to write-lock" :
                   "waiting for", dbg, lock);
    else
        printk(LOG_ERR "  waiting for lock %p\n", lock);
    printk(LOG_ERR "  waiting at %pS for %lu spins\n", site, w->iters);
    print_holders(dbg, lock);
    if (c && c->report_only) {
        report_end(c, what, false);     /* prints our trace, keeps waiting */
        return;
    }
    dump_stack();
    if (c)
        c->busy = false;
    panic("lock check: CPU%u spun too long on '%s'", smp_processor_id(),
          dbg ? key_name(key_of(dbg)) : "?");
}

/* ------------------------------------------------------------ controls */

void lockdep_enable_irq_checks(void)
{
    WRITE_ONCE(irq_checks, true);
}

bool lockdep_irq_checks_enabled(void)
{
    return READ_ONCE(irq_checks);
}

void lockdep_expect_report_begin(void)
{
    struct lockdep_cpu *c = this_lockdep_cpu();

    if (c) {
        c->reports = 0;
        c->report_only = true;
    }
}

unsigned int lockdep_expect_report_end(void)
{
    struct lockdep_cpu *c = this_lockdep_cpu();

    if (!c)
        return 0;
    c->report_only = false;
    return c->reports;
}
