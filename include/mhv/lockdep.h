/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The lock checker (CONFIG_DEBUG_LOCKS): what debug builds verify each time
 * a spinlock, recursive spinlock or rwlock is taken or released.
 *
 *  - misuse: releasing a lock this CPU does not hold, taking a plain
 *    spinlock (or a rwlock for write) that this CPU already holds, a
 *    write_unlock() of a read-held rwlock and a read_unlock() of a
 *    write-held one;
 *  - IRQ safety (Xen's check_lock() idea, per lock class): a class taken
 *    both with interrupts enabled and with them disabled can deadlock an
 *    IRQ-context rendezvous; the second kind of use is reported, naming the
 *    first site of each kind.  A trylock with interrupts off is exempt (it
 *    cannot wait).  Active once lockdep_enable_irq_checks() has been called
 *    (boot runs with interrupts off and takes every lock that way);
 *  - lock order: every lock belongs to a class (its definition site or the
 *    name given to spin_lock_init_class() and friends).  The first time
 *    class B is taken while class A is held, the edge A->B is recorded with
 *    both call sites; taking A while holding B later -- or closing any
 *    longer cycle -- is reported as an inversion naming the classes and
 *    the call sites of every edge involved, before it can deadlock.  The
 *    graph stays acyclic: an inverting edge is never recorded.  Recursive
 *    re-entry of an rspinlock and trylocks are not ordering events.  Two
 *    locks of the same class nested are checked against each other only
 *    when both carry a nest order (lock_set_nest_order()): they must be
 *    taken in ascending order (two domains' pci_lock: lower domid first),
 *    else it is reported as a same-class order inversion;
 *  - long spins: a CPU waiting longer than the spin limit (default 10 s by
 *    lockdep_clock_ns(), or 2^30 spins when no clock is provided) reports
 *    the lock, its holder CPU(s) and its own call trace, then panics.
 *
 * A report prints lines starting with "lock check:", then fails like an
 * ASSERT (assert_failed(), which prints the trace and panics; the host
 * harness turns it into a cmocka assertion).  Between
 * lockdep_expect_report_begin() and lockdep_expect_report_end() the reports
 * of the calling CPU are printed with a call trace and counted instead, and
 * the operation carries on (an unlock of a lock not held is then skipped);
 * a self-deadlock (taking a lock this CPU holds) is always fatal.
 *
 * Tables are fixed-size (no allocation in the lock path); when one fills up
 * a warning is printed once and the checks it feeds degrade (classes beyond
 * the table are not order-checked; beyond LOCKDEP_MAX_HELD nested locks the
 * checker turns itself off).
 *
 * Release builds compile all of this out.  The functions below are called
 * by the lock primitives; only the lockdep_enable_*, lockdep_set_* and
 * lockdep_expect_* ones are meant for other code.
 */
#ifndef MHV_LOCKDEP_H
#define MHV_LOCKDEP_H

#include <mhv/types.h>
#include <mhv/compiler.h>

/*
 * Owner fields hold the CPU number plus one, 0 meaning "no owner", so that
 * a zero-filled lock (e.g. in xzalloc()ed memory) is a valid unlocked lock.
 */
#define LOCK_NO_OWNER       0
#define LOCK_OWNER(cpu)     ((u16)((cpu) + 1))

enum lock_kind {
    LOCK_KIND_SPIN,     /* spinlock_t */
    LOCK_KIND_RSPIN,    /* rspinlock_t (outermost acquisition) */
    LOCK_KIND_READ,     /* rwlock_t held for read */
    LOCK_KIND_WRITE,    /* rwlock_t held for write */
};

#ifdef CONFIG_DEBUG_LOCKS

#define LOCKDEP_MAX_CLASSES 256     /* lock classes with an order record */
#define LOCKDEP_MAX_EDGES   1024    /* order edges with their call sites */
#define LOCKDEP_MAX_HELD    24      /* locks one CPU may hold at once */

/*
 * A lock class.  Statically defined locks carry their own (named after the
 * variable); an init macro gives every call site its own static key.
 */
struct lock_class_key {
    const char *name;
    u16 id;             /* index in the class table; 0 until first use */
};

/* The debug part of every lock. */
struct lock_debug {
    struct lock_class_key *key;     /* the lock's class */
    struct lock_class_key self;     /* class storage of a DEFINE_*()d lock */
    u16 owner;                      /* LOCK_OWNER(cpu) holding it exclusively */
    /*
     * Nest order within the class (0: none): two locks of one class that
     * both have one may be held together only when taken in ascending
     * order (e.g. two domains' pci_lock, lower domid first).
     */
    u32 nest_order;
};

/* Initialiser of a statically defined lock variable @var named @nm. */
#define LOCK_DEBUG_INIT_STATIC(var, nm)                                     \
    { .key = &(var).debug.self, .self = { .name = (nm) },                   \
      .owner = LOCK_NO_OWNER }

static inline void lock_debug_init(struct lock_debug *dbg,
                                   struct lock_class_key *key)
{
    dbg->key = key;
    dbg->self.name = NULL;
    dbg->self.id = 0;
    dbg->owner = LOCK_NO_OWNER;
    dbg->nest_order = 0;
}

/* A static key for the lock initialised at this call site. */
#define LOCK_CLASS_KEY_HERE(nm)                                             \
    ({ static struct lock_class_key __lock_key = { .name = (nm) };          \
       &__lock_key; })

/*
 * Checks before waiting for a lock: misuse of the IRQ rule, lock order.
 * @site is the caller of the lock primitive.
 */
void lockdep_check_acquire(struct lock_debug *dbg, const void *lock,
                           enum lock_kind kind, bool trylock, void *site);
/* The lock was taken: push it on this CPU's held-lock stack. */
void lockdep_acquired(struct lock_debug *dbg, const void *lock,
                      enum lock_kind kind, bool trylock, void *site);
/* The lock is being released (after the misuse checks): pop it. */
void lockdep_released(const void *lock, enum lock_kind kind);
/*
 * Whether this CPU holds @lock as @kind by the held-lock records: 1 yes,
 * 0 no, -1 unknown (checker off).
 */
int lockdep_held_by_me(const void *lock, enum lock_kind kind);

/*
 * Report a misuse of @lock (@what: "spin_unlock of a lock this CPU does not
 * hold", ...) at @site.  Returns only in report-only mode and when
 * @always_fatal is false.
 */
void lockdep_misuse(const char *what, const struct lock_debug *dbg,
                    const void *lock, void *site, bool always_fatal);

/* Long-spin detection: one per wait, lockdep_spin_watch() each iteration. */
struct lock_spin_watch {
    unsigned long iters;
    s_time_t start;
    bool reported;
};
void lockdep_spin_watch_init(struct lock_spin_watch *w);
void lockdep_spin_watch(struct lock_spin_watch *w,
                        const struct lock_debug *dbg, const void *lock,
                        enum lock_kind kind, void *site);

/* The checker is on (not turned off by a full held-lock stack). */
bool lockdep_active(void);
/* How many locks this CPU holds, or -1 when unknown (checker off). */
int lockdep_held_count(void);

/* Turn on the IRQ-safety check (once interrupts run; Xen's spin_debug). */
void lockdep_enable_irq_checks(void);
bool lockdep_irq_checks_enabled(void);

/*
 * Spin limit: @ns by lockdep_clock_ns() when it gives a time, else
 * @iterations spins.  0 keeps the current value.
 */
void lockdep_set_spin_limit(s_time_t ns, unsigned long iterations);

/*
 * Arch hook: a monotonic time in ns (NOW()), or a negative value when no
 * clock runs yet.  The default (weak) has no clock.
 */
s_time_t lockdep_clock_ns(void);

/* Report-only mode on this CPU, for self-tests; _end returns the count. */
void lockdep_expect_report_begin(void);
unsigned int lockdep_expect_report_end(void);

#else /* !CONFIG_DEBUG_LOCKS */

static inline void lockdep_enable_irq_checks(void) { }
static inline bool lockdep_irq_checks_enabled(void) { return false; }
static inline void lockdep_set_spin_limit(s_time_t ns, unsigned long it) { }
static inline void lockdep_expect_report_begin(void) { }
static inline unsigned int lockdep_expect_report_end(void) { return 0; }
static inline int lockdep_held_count(void) { return -1; }

#endif /* CONFIG_DEBUG_LOCKS */

#endif /* MHV_LOCKDEP_H */
