/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Fair reader-writer locks (<mhv/rwlock.h>).
 *
 * Fast paths: a reader adds RW_READER to cnts and is in if no writer holds
 * or waits; a writer swaps cnts from 0 to RW_WLOCKED.  Otherwise the CPU
 * joins the FIFO wait queue (a ticket lock).  At the head of the queue a
 * reader re-adds itself and waits only for the current writer to leave; a
 * writer announces itself (RW_WWAITING, which turns new readers into the
 * queue) and waits for the readers to drain.  So waiters are served in
 * order and a stream of readers cannot starve a writer.
 *
 * Debug builds (CONFIG_DEBUG_LOCKS) check each operation before it touches
 * the lock: the writer's CPU is recorded in debug.owner, readers in the
 * per-CPU held-lock records of the lock checker.
 */
#include <mhv/rwlock.h>
#include <mhv/lockdep.h>
#include <mhv/smp.h>
#include <mhv/bug.h>
#include <asm/irqflags.h>
#include <asm/processor.h>

#define RET_IP  __builtin_return_address(0)

#ifdef CONFIG_DEBUG_LOCKS
#define DBG(l)  (&(l)->debug)
#else
#define DBG(l)  NULL
#endif

static inline u32 cnts_load(const rwlock_t *l)
{
    return __atomic_load_n(&l->cnts, __ATOMIC_ACQUIRE);
}

/* Wait until @cond(cnts) holds, watching for a long spin. */
#ifdef CONFIG_DEBUG_LOCKS
#define rw_wait_until(l, cond, kind, site)                                  \
    do {                                                                    \
        struct lock_spin_watch __w;                                         \
        u32 cnts;                                                           \
        lockdep_spin_watch_init(&__w);                                      \
        while (cnts = cnts_load(l), !(cond)) {                              \
            cpu_relax();                                                    \
            lockdep_spin_watch(&__w, &(l)->debug, l, kind, site);           \
        }                                                                   \
    } while (0)
#else
#define rw_wait_until(l, cond, kind, site)                                  \
    do {                                                                    \
        u32 cnts;                                                           \
        while (cnts = cnts_load(l), !(cond))                                \
            cpu_relax();                                                    \
    } while (0)
#endif

/* ------------------------------------------------------------ raw ops */

static void raw_read_lock(rwlock_t *l, void *site)
{
    u32 old = __atomic_fetch_add(&l->cnts, RW_READER, __ATOMIC_ACQUIRE);

    if (likely(!(old & RW_WMASK)))
        return;

    /* Back off and queue up behind the writer. */
    __atomic_fetch_sub(&l->cnts, RW_READER, __ATOMIC_RELAXED);
    spin_ticket_acquire(&l->wait, DBG(l), l, LOCK_KIND_READ, site);
    /*
     * At the head of the queue no writer waits (a waiting writer holds the
     * queue); one may hold the lock: wait for it to leave.
     */
    __atomic_fetch_add(&l->cnts, RW_READER, __ATOMIC_ACQUIRE);
    rw_wait_until(l, !(cnts & RW_WLOCKED), LOCK_KIND_READ, site);
    spin_ticket_release(&l->wait);
}

static bool raw_read_trylock(rwlock_t *l)
{
    u32 cnts = __atomic_load_n(&l->cnts, __ATOMIC_RELAXED);

    if (cnts & RW_WMASK)
        return false;
    cnts = __atomic_fetch_add(&l->cnts, RW_READER, __ATOMIC_ACQUIRE);
    if (likely(!(cnts & RW_WMASK)))
        return true;
    __atomic_fetch_sub(&l->cnts, RW_READER, __ATOMIC_RELAXED);
    return false;
}

static void raw_read_unlock(rwlock_t *l)
{
    __atomic_fetch_sub(&l->cnts, RW_READER, __ATOMIC_RELEASE);
}

static bool raw_write_trylock(rwlock_t *l)
{
    u32 zero = 0;

    return __atomic_compare_exchange_n(&l->cnts, &zero, RW_WLOCKED, false,
                                       __ATOMIC_ACQUIRE, __ATOMIC_RELAXED);
}

static void raw_write_lock(rwlock_t *l, void *site)
{
    if (likely(raw_write_trylock(l)))
        return;

    spin_ticket_acquire(&l->wait, DBG(l), l, LOCK_KIND_WRITE, site);
    /* Turn new readers into the queue, then wait for the others to leave. */
    __atomic_fetch_or(&l->cnts, RW_WWAITING, __ATOMIC_RELAXED);
    for ( ; ; ) {
        u32 waiting = RW_WWAITING;

        rw_wait_until(l, cnts == RW_WWAITING, LOCK_KIND_WRITE, site);
        if (__atomic_compare_exchange_n(&l->cnts, &waiting, RW_WLOCKED, false,
                                        __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
            break;
    }
    spin_ticket_release(&l->wait);
}

static void raw_write_unlock(rwlock_t *l)
{
    __atomic_fetch_and(&l->cnts, ~RW_WLOCKED, __ATOMIC_RELEASE);
}

/* ------------------------------------------------------------ checks */

#ifdef CONFIG_DEBUG_LOCKS
static bool held_for_read(const rwlock_t *l)
{
    return lockdep_held_by_me(l, LOCK_KIND_READ) == 1;
}

static bool held_for_write(const rwlock_t *l)
{
    return READ_ONCE(l->debug.owner) == LOCK_OWNER(smp_processor_id());
}

static void check_read_lock(rwlock_t *l, bool trylock, void *site)
{
    if (!trylock) {
        if (held_for_write(l))
            lockdep_misuse("read_lock of a rwlock this CPU holds for write "
                           "(deadlock)", &l->debug, l, site, true);
        if (held_for_read(l))
            lockdep_misuse("read_lock of a rwlock this CPU already holds for "
                           "read (deadlock once a writer waits)", &l->debug,
                           l, site, true);
    }
    lockdep_check_acquire(&l->debug, l, LOCK_KIND_READ, trylock, site);
}

static void check_write_lock(rwlock_t *l, bool trylock, void *site)
{
    if (!trylock) {
        if (held_for_write(l))
            lockdep_misuse("write_lock of a rwlock this CPU already holds "
                           "for write (deadlock)", &l->debug, l, site, true);
        if (held_for_read(l))
            lockdep_misuse("write_lock of a rwlock this CPU holds for read "
                           "(deadlock)", &l->debug, l, site, true);
    }
    lockdep_check_acquire(&l->debug, l, LOCK_KIND_WRITE, trylock, site);
}

/* False when the unlock must be skipped (misuse, report-only mode). */
static bool check_read_unlock(rwlock_t *l, void *site)
{
    if (lockdep_held_by_me(l, LOCK_KIND_READ) == 0) {
        lockdep_misuse(held_for_write(l) ?
                       "read_unlock of a rwlock this CPU holds for write" :
                       "read_unlock of a rwlock this CPU does not hold",
                       &l->debug, l, site, false);
        return false;
    }
    lockdep_released(l, LOCK_KIND_READ);
    return true;
}

static bool check_write_unlock(rwlock_t *l, void *site)
{
    if (!held_for_write(l)) {
        lockdep_misuse(held_for_read(l) ?
                       "write_unlock of a rwlock this CPU holds for read" :
                       "write_unlock of a rwlock this CPU does not hold",
                       &l->debug, l, site, false);
        return false;
    }
    WRITE_ONCE(l->debug.owner, LOCK_NO_OWNER);
    lockdep_released(l, LOCK_KIND_WRITE);
    return true;
}

static void note_read_locked(rwlock_t *l, bool trylock, void *site)
{
    lockdep_acquired(&l->debug, l, LOCK_KIND_READ, trylock, site);
}

static void note_write_locked(rwlock_t *l, bool trylock, void *site)
{
    WRITE_ONCE(l->debug.owner, LOCK_OWNER(smp_processor_id()));
    lockdep_acquired(&l->debug, l, LOCK_KIND_WRITE, trylock, site);
}
#else
static inline void check_read_lock(rwlock_t *l, bool t, void *site) { }
static inline void check_write_lock(rwlock_t *l, bool t, void *site) { }
static inline bool check_read_unlock(rwlock_t *l, void *site) { return true; }
static inline bool check_write_unlock(rwlock_t *l, void *site) { return true; }
static inline void note_read_locked(rwlock_t *l, bool t, void *site) { }
static inline void note_write_locked(rwlock_t *l, bool t, void *site) { }
#endif

/* ------------------------------------------------------------ interface */

static void read_lock_at(rwlock_t *l, void *site)
{
    check_read_lock(l, false, site);
    raw_read_lock(l, site);
    note_read_locked(l, false, site);
}

static void read_unlock_at(rwlock_t *l, void *site)
{
    if (check_read_unlock(l, site))
        raw_read_unlock(l);
}

static void write_lock_at(rwlock_t *l, void *site)
{
    check_write_lock(l, false, site);
    raw_write_lock(l, site);
    note_write_locked(l, false, site);
}

static void write_unlock_at(rwlock_t *l, void *site)
{
    if (check_write_unlock(l, site))
        raw_write_unlock(l);
}

void _read_lock(rwlock_t *l)
{
    read_lock_at(l, RET_IP);
}

void _read_unlock(rwlock_t *l)
{
    read_unlock_at(l, RET_IP);
}

bool _read_trylock(rwlock_t *l)
{
    void *site = RET_IP;

    check_read_lock(l, true, site);
    if (!raw_read_trylock(l))
        return false;
    note_read_locked(l, true, site);
    return true;
}

void _read_lock_irq(rwlock_t *l)
{
    ASSERT(local_irq_is_enabled());
    local_irq_disable();
    read_lock_at(l, RET_IP);
}

void _read_unlock_irq(rwlock_t *l)
{
    read_unlock_at(l, RET_IP);
    local_irq_enable();
}

unsigned long _read_lock_irqsave(rwlock_t *l)
{
    unsigned long flags;

    local_irq_save(flags);
    read_lock_at(l, RET_IP);
    return flags;
}

void _read_unlock_irqrestore(rwlock_t *l, unsigned long flags)
{
    read_unlock_at(l, RET_IP);
    local_irq_restore(flags);
}

void _write_lock(rwlock_t *l)
{
    write_lock_at(l, RET_IP);
}

void _write_unlock(rwlock_t *l)
{
    write_unlock_at(l, RET_IP);
}

bool _write_trylock(rwlock_t *l)
{
    void *site = RET_IP;

    check_write_lock(l, true, site);
    if (!raw_write_trylock(l))
        return false;
    note_write_locked(l, true, site);
    return true;
}

void _write_lock_irq(rwlock_t *l)
{
    ASSERT(local_irq_is_enabled());
    local_irq_disable();
    write_lock_at(l, RET_IP);
}

void _write_unlock_irq(rwlock_t *l)
{
    write_unlock_at(l, RET_IP);
    local_irq_enable();
}

unsigned long _write_lock_irqsave(rwlock_t *l)
{
    unsigned long flags;

    local_irq_save(flags);
    write_lock_at(l, RET_IP);
    return flags;
}

void _write_unlock_irqrestore(rwlock_t *l, unsigned long flags)
{
    write_unlock_at(l, RET_IP);
    local_irq_restore(flags);
}

/* ------------------------------------------------------------ predicates */

bool _rw_is_locked(const rwlock_t *l)
{
    u32 cnts = cnts_load(l);

    return (cnts & RW_WLOCKED) || cnts >= RW_READER;
}

bool _rw_is_write_locked(const rwlock_t *l)
{
    return cnts_load(l) & RW_WLOCKED;
}

bool _rw_is_read_locked_by_me(const rwlock_t *l)
{
#ifdef CONFIG_DEBUG_LOCKS
    int held = lockdep_held_by_me(l, LOCK_KIND_READ);

    if (held >= 0)
        return held;
#endif
    return cnts_load(l) >= RW_READER;
}

bool _rw_is_write_locked_by_me(const rwlock_t *l)
{
#ifdef CONFIG_DEBUG_LOCKS
    return READ_ONCE(l->debug.owner) == LOCK_OWNER(smp_processor_id());
#else
    return _rw_is_write_locked(l);
#endif
}

bool _rw_is_locked_by_me(const rwlock_t *l)
{
    return _rw_is_read_locked_by_me(l) || _rw_is_write_locked_by_me(l);
}
