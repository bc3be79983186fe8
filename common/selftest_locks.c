/* SPDX-License-Identifier: GPL-2.0 */
/*
 * `selftest=locks`: the lock primitives under real contention on every
 * online CPU, then (debug builds) the lock checker catching deliberate
 * misuse without stopping the machine.
 *
 * Positive half, all CPUs at once (smp_call_function() plus the caller),
 * phases separated by a barrier:
 *   1. spinlock: each CPU adds 1 to a counter ITERS times under the lock
 *      (plain, irqsave and trylock forms); the final count must be exact
 *      and no two CPUs may ever be inside together;
 *   2. rspinlock: the same at nesting depth 3, checking rspin_depth() and
 *      rspin_is_locked() inside;
 *   3. rwlock readers: every CPU read-locks and waits inside until all
 *      are in at once (proves that readers overlap);
 *   4. rwlock mixed: even-numbered CPUs write, odd ones read; a writer
 *      must find no reader and no other writer inside, the write count
 *      must be exact.
 * The participants run with interrupts off (the IPI handlers do anyway),
 * so every lock here has one IRQ-safety class.  All waits are bounded: a
 * CPU that never arrives fails the test instead of hanging it.
 *
 * Negative half (CONFIG_DEBUG_LOCKS), on the calling CPU, in the checker's
 * report-only mode: an order inversion (selftest_lock_a -> selftest_lock_b,
 * then b -> a) and an IRQ-safety mismatch (selftest_irq_lock taken with
 * interrupts on, then off) must each be reported exactly once; the
 * reports name the locks and call sites and carry a call trace.
 */
#include <mhv/init.h>
#include <mhv/lib.h>
#include <mhv/bug.h>
#include <mhv/errno.h>
#include <mhv/smp.h>
#include <mhv/spinlock.h>
#include <mhv/rwlock.h>
#include <mhv/lockdep.h>
#include <asm/irqflags.h>
#include <asm/processor.h>

#define ITERS           10000
#define WAIT_LIMIT      (1UL << 31)     /* relax loops before giving up */

static DEFINE_SPINLOCK(torture_lock);
static DEFINE_RSPINLOCK(torture_rlock);
static DEFINE_RWLOCK(torture_rw);

#define GROUP_CLOSED    (1u << 31)

static struct {
    unsigned int group;             /* CPUs that joined | GROUP_CLOSED */
    unsigned int bar_count, bar_gen;
    unsigned int participants;      /* CPUs that ran the phases */
    unsigned int finished;          /* IPI'd CPUs done */
    unsigned int largest_group;
    bool aborted;                   /* a rendezvous timed out */

    unsigned long counter;          /* torture_lock */
    unsigned long rcounter;         /* torture_rlock */
    unsigned long wcounter;         /* torture_rw (write) */
    unsigned long write_ops;        /* write sections entered, all CPUs */
    int inside;                     /* CPUs in an exclusive section */
    int readers_in, writers_in, max_readers;
    unsigned int errors;
} T;

static void note_error(void)
{
    __atomic_add_fetch(&T.errors, 1, __ATOMIC_RELAXED);
}

/*
 * Join the group of CPUs that torture the locks together.  The group
 * closes when every online CPU has joined or after START_WAIT: a caller
 * that smp_call_function() keeps until the others are done cannot join in
 * time, and then runs its share alone afterwards.  Returns the CPU's index
 * in the group and sets *size; -1 when the group has closed without us.
 */
#define START_WAIT      (1UL << 22)

static int join_group(unsigned int *size)
{
    unsigned int g = __atomic_load_n(&T.group, __ATOMIC_ACQUIRE);
    unsigned long spins = 0;
    unsigned int index;

    do {
        if (g & GROUP_CLOSED)
            return -1;
    } while (!__atomic_compare_exchange_n(&T.group, &g, g + 1, false,
                                          __ATOMIC_ACQ_REL,
                                          __ATOMIC_ACQUIRE));
    index = g;
    while (!((g = __atomic_load_n(&T.group, __ATOMIC_ACQUIRE)) &
             GROUP_CLOSED)) {
        if (g == num_online_cpus || ++spins > START_WAIT)
            __atomic_compare_exchange_n(&T.group, &g, g | GROUP_CLOSED, false,
                                        __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE);
        else
            cpu_relax();
    }
    *size = g & ~GROUP_CLOSED;
    return (int)index;
}

/* The @size members meet here; false when one never arrives. */
static bool rendezvous(unsigned int size)
{
    unsigned int gen = __atomic_load_n(&T.bar_gen, __ATOMIC_ACQUIRE);
    unsigned long spins = 0;

    if (size == 1)
        return true;
    if (__atomic_add_fetch(&T.bar_count, 1, __ATOMIC_ACQ_REL) == size) {
        T.bar_count = 0;
        __atomic_store_n(&T.bar_gen, gen + 1, __ATOMIC_RELEASE);
        return true;
    }
    while (__atomic_load_n(&T.bar_gen, __ATOMIC_ACQUIRE) == gen) {
        if (READ_ONCE(T.aborted) || ++spins > WAIT_LIMIT) {
            WRITE_ONCE(T.aborted, true);
            return false;
        }
        cpu_relax();
    }
    return true;
}

static void enter_exclusive(void)
{
    if (__atomic_add_fetch(&T.inside, 1, __ATOMIC_SEQ_CST) != 1)
        note_error();
}

static void leave_exclusive(void)
{
    __atomic_sub_fetch(&T.inside, 1, __ATOMIC_SEQ_CST);
}

static void phase_spin(void)
{
    unsigned long flags = 0;
    unsigned int i;

    for (i = 0; i < ITERS; i++) {
        switch (i % 3) {
        case 0:
            spin_lock(&torture_lock);
            break;
        case 1:
            spin_lock_irqsave(&torture_lock, flags);
            break;
        default:
            while (!spin_trylock(&torture_lock))
                cpu_relax();
        }
        enter_exclusive();
        WRITE_ONCE(T.counter, READ_ONCE(T.counter) + 1);
        leave_exclusive();
        if (i % 3 == 1)
            spin_unlock_irqrestore(&torture_lock, flags);
        else
            spin_unlock(&torture_lock);
    }
}

static void phase_rspin(void)
{
    unsigned int i;

    for (i = 0; i < ITERS / 4; i++) {
        rspin_lock(&torture_rlock);
        rspin_lock(&torture_rlock);
        rspin_lock(&torture_rlock);
        if (rspin_depth(&torture_rlock) != 3 ||
            !rspin_is_locked(&torture_rlock))
            note_error();
        enter_exclusive();
        WRITE_ONCE(T.rcounter, READ_ONCE(T.rcounter) + 1);
        leave_exclusive();
        rspin_unlock(&torture_rlock);
        rspin_unlock(&torture_rlock);
        if (rspin_depth(&torture_rlock) != 1)
            note_error();
        rspin_unlock(&torture_rlock);
    }
    if (rspin_is_locked(&torture_rlock))
        note_error();
}

static void reader_in(void)
{
    int n = __atomic_add_fetch(&T.readers_in, 1, __ATOMIC_SEQ_CST);
    int m = __atomic_load_n(&T.max_readers, __ATOMIC_RELAXED);

    while (n > m && !__atomic_compare_exchange_n(&T.max_readers, &m, n, false,
                                                 __ATOMIC_RELAXED,
                                                 __ATOMIC_RELAXED))
        ;
    if (__atomic_load_n(&T.writers_in, __ATOMIC_SEQ_CST))
        note_error();
}

static void reader_out(void)
{
    __atomic_sub_fetch(&T.readers_in, 1, __ATOMIC_SEQ_CST);
}

/* Every member read-locks and waits inside until all are in together. */
static void phase_readers_overlap(unsigned int size)
{
    unsigned long spins = 0;

    read_lock(&torture_rw);
    reader_in();
    while (__atomic_load_n(&T.max_readers, __ATOMIC_RELAXED) < (int)size &&
           ++spins < WAIT_LIMIT)
        cpu_relax();
    reader_out();
    read_unlock(&torture_rw);
}

/* Even members write, odd ones read; alone, a CPU alternates. */
static void phase_rw_mixed(int index, unsigned int size)
{
    unsigned long writes = 0;
    unsigned int i;

    for (i = 0; i < ITERS / 4; i++) {
        bool write = size == 1 ? i % 2 == 0 : index % 2 == 0;

        if (write) {
            write_lock(&torture_rw);
            if (__atomic_add_fetch(&T.writers_in, 1, __ATOMIC_SEQ_CST) != 1 ||
                __atomic_load_n(&T.readers_in, __ATOMIC_SEQ_CST))
                note_error();
            WRITE_ONCE(T.wcounter, READ_ONCE(T.wcounter) + 1);
            __atomic_sub_fetch(&T.writers_in, 1, __ATOMIC_SEQ_CST);
            write_unlock(&torture_rw);
            writes++;
        } else {
            read_lock(&torture_rw);
            reader_in();
            cpu_relax();
            reader_out();
            read_unlock(&torture_rw);
        }
    }
    __atomic_add_fetch(&T.write_ops, writes, __ATOMIC_RELAXED);
}

/* The phases, run by each member of a group of @size, interrupts off. */
static void torture_member(int index, unsigned int size)
{
    unsigned long flags;
    unsigned int largest;

    local_irq_save(flags);
    __atomic_add_fetch(&T.participants, 1, __ATOMIC_RELAXED);
    largest = __atomic_load_n(&T.largest_group, __ATOMIC_RELAXED);
    while (size > largest &&
           !__atomic_compare_exchange_n(&T.largest_group, &largest, size,
                                        false, __ATOMIC_RELAXED,
                                        __ATOMIC_RELAXED))
        ;
    if (rendezvous(size))
        phase_spin();
    if (rendezvous(size))
        phase_rspin();
    if (rendezvous(size))
        phase_readers_overlap(size);
    if (rendezvous(size))
        phase_rw_mixed(index, size);
    rendezvous(size);
    local_irq_restore(flags);
}

/* Run on the other CPUs by smp_call_function(). */
static void torture_ipi(void *unused)
{
    unsigned int size;
    int index = join_group(&size);

    if (index >= 0)
        torture_member(index, size);
    __atomic_add_fetch(&T.finished, 1, __ATOMIC_RELEASE);
}

#define CHECK(cond, fmt, ...)                                               \
    do {                                                                    \
        if (!(cond)) {                                                      \
            printk(LOG_ERR "selftest locks: " fmt "\n", ##__VA_ARGS__);     \
            rc = -EINVAL;                                                   \
        }                                                                   \
    } while (0)

static int torture(void)
{
    unsigned int ncpus = num_online_cpus, others = ncpus - 1, size;
    unsigned long spins = 0, n;
    int rc = 0, index;

    memset(&T, 0, sizeof(T));
    printk("selftest locks: torture on %u CPU%s, %u iterations each\n",
           ncpus, ncpus == 1 ? "" : "s", ITERS);

    if (others)
        smp_call_function(torture_ipi, NULL, false);
    index = join_group(&size);
    if (index >= 0) {
        torture_member(index, size);
    } else {
        printk("selftest locks: CPU%u runs its share after the others\n",
               smp_processor_id());
        torture_member(0, 1);
    }
    while (__atomic_load_n(&T.finished, __ATOMIC_ACQUIRE) < others &&
           ++spins < WAIT_LIMIT)
        cpu_relax();

    n = T.participants;
    CHECK(!T.aborted && T.finished == others && n == ncpus,
          "only %lu of %u CPUs took part", n, ncpus);
    CHECK(T.counter == n * ITERS, "spinlock count %lu, expected %lu",
          T.counter, n * ITERS);
    CHECK(T.rcounter == n * (ITERS / 4), "rspinlock count %lu, expected %lu",
          T.rcounter, n * (ITERS / 4));
    CHECK(T.max_readers >= (int)T.largest_group,
          "at most %d readers inside together, expected %u", T.max_readers,
          T.largest_group);
    CHECK(T.wcounter == T.write_ops, "rwlock write count %lu, expected %lu",
          T.wcounter, T.write_ops);
    CHECK(T.errors == 0, "%u exclusion or depth errors", T.errors);
    CHECK(!spin_is_locked(&torture_lock) && !rw_is_locked(&torture_rw),
          "a lock is still held after the torture");
    if (!rc)
        printk("selftest locks: torture passed on %lu CPUs: counts exact "
               "(%lu, %lu, %lu), %d readers overlapped, writers exclusive\n",
               n, T.counter, T.rcounter, T.wcounter, T.max_readers);
    return rc;
}

#ifdef CONFIG_DEBUG_LOCKS
static DEFINE_SPINLOCK(selftest_lock_a);
static DEFINE_SPINLOCK(selftest_lock_b);
static DEFINE_SPINLOCK(selftest_irq_lock);

static int __noinline deliberate_inversion(void)
{
    unsigned int reports;

    lockdep_expect_report_begin();
    spin_lock(&selftest_lock_a);
    spin_lock(&selftest_lock_b);
    spin_unlock(&selftest_lock_b);
    spin_unlock(&selftest_lock_a);
    spin_lock(&selftest_lock_b);
    spin_lock(&selftest_lock_a);            /* inversion: reported */
    spin_unlock(&selftest_lock_a);
    spin_unlock(&selftest_lock_b);
    reports = lockdep_expect_report_end();
    if (reports != 1) {
        printk(LOG_ERR "selftest locks: order inversion selftest_lock_b -> "
               "selftest_lock_a gave %u reports, expected 1\n", reports);
        return -EINVAL;
    }
    printk("selftest locks: order inversion caught (selftest_lock_a -> "
           "selftest_lock_b, then selftest_lock_b -> selftest_lock_a)\n");
    return 0;
}

static int __noinline deliberate_irq_mismatch(void)
{
    unsigned int reports;
    unsigned long flags;

    if (!lockdep_irq_checks_enabled()) {
        printk("selftest locks: turning the IRQ-safety check on\n");
        lockdep_enable_irq_checks();
    }
    lockdep_expect_report_begin();
    spin_lock(&selftest_irq_lock);          /* interrupts on */
    spin_unlock(&selftest_irq_lock);
    spin_lock_irqsave(&selftest_irq_lock, flags);   /* off: reported */
    spin_unlock_irqrestore(&selftest_irq_lock, flags);
    reports = lockdep_expect_report_end();
    if (reports != 1) {
        printk(LOG_ERR "selftest locks: IRQ-safety mismatch on "
               "selftest_irq_lock gave %u reports, expected 1\n", reports);
        return -EINVAL;
    }
    printk("selftest locks: IRQ-safety mismatch caught (selftest_irq_lock "
           "taken with interrupts on, then off)\n");
    return 0;
}
#endif

static int lock_selftest(void)
{
    int rc;

    if (!local_irq_is_enabled()) {
        printk(LOG_ERR "selftest locks: needs interrupts enabled\n");
        return -EINVAL;
    }
    rc = torture();
#ifdef CONFIG_DEBUG_LOCKS
    if (deliberate_inversion())
        rc = -EINVAL;
    if (deliberate_irq_mismatch())
        rc = -EINVAL;
#else
    printk("selftest locks: release build, lock checks compiled out: "
           "misuse half skipped\n");
#endif
    return rc;
}
REGISTER_SELFTEST("locks", lock_selftest, SELFTEST_IN_ALL);
