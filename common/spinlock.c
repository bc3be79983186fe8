/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Ticket spinlocks and recursive spinlocks (<mhv/spinlock.h>).
 *
 * The primitives are out of line so that each knows its caller: the call
 * site (__builtin_return_address(0)) is what the lock checker records and
 * reports.  On debug builds (CONFIG_DEBUG_LOCKS) every operation first runs
 * its misuse checks -- before touching the lock, so that a report which
 * unwinds (host tests) leaves the lock as it was -- then the checker's
 * order and IRQ checks (common/lockdep.c).
 */
#include <mhv/spinlock.h>
#include <mhv/lockdep.h>
#include <mhv/smp.h>
#include <mhv/bug.h>
#include <asm/irqflags.h>
#include <asm/processor.h>

#define RET_IP  __builtin_return_address(0)

/* ------------------------------------------------------------ tickets */

static inline u16 ticket_take(spin_ticket_t *t)
{
    return __atomic_fetch_add(&t->tail, 1, __ATOMIC_RELAXED);
}

static inline bool ticket_served(spin_ticket_t *t, u16 ticket)
{
    return __atomic_load_n(&t->head, __ATOMIC_ACQUIRE) == ticket;
}

void spin_ticket_acquire(spin_ticket_t *t, const struct lock_debug *dbg,
                         const void *lock, enum lock_kind kind, void *site)
{
    u16 ticket = ticket_take(t);

    if (likely(ticket_served(t, ticket)))
        return;
#ifdef CONFIG_DEBUG_LOCKS
    {
        struct lock_spin_watch w;

        lockdep_spin_watch_init(&w);
        while (!ticket_served(t, ticket)) {
            cpu_relax();
            lockdep_spin_watch(&w, dbg, lock, kind, site);
        }
    }
#else
    while (!ticket_served(t, ticket))
        cpu_relax();
#endif
}

void spin_ticket_release(spin_ticket_t *t)
{
    u16 head = __atomic_load_n(&t->head, __ATOMIC_RELAXED);

    __atomic_store_n(&t->head, (u16)(head + 1), __ATOMIC_RELEASE);
}

static bool ticket_trylock(spin_ticket_t *t)
{
    u32 old = __atomic_load_n(&t->val, __ATOMIC_RELAXED);

    if ((u16)old != (u16)(old >> 16))
        return false;
    return __atomic_compare_exchange_n(&t->val, &old, old + (1u << 16),
                                       false, __ATOMIC_ACQUIRE,
                                       __ATOMIC_RELAXED);
}

static inline bool ticket_is_locked(const spin_ticket_t *t)
{
    u32 v = __atomic_load_n(&t->val, __ATOMIC_RELAXED);

    return (u16)v != (u16)(v >> 16);
}

/* ------------------------------------------------------------ spinlock_t */

#ifdef CONFIG_DEBUG_LOCKS
static void spin_check_lock(spinlock_t *l, bool trylock, void *site)
{
    if (!trylock &&
        READ_ONCE(l->debug.owner) == LOCK_OWNER(smp_processor_id()))
        lockdep_misuse("spin_lock of a lock this CPU already holds "
                       "(deadlock)", &l->debug, l, site, true);
    lockdep_check_acquire(&l->debug, l, LOCK_KIND_SPIN, trylock, site);
}

static void spin_note_locked(spinlock_t *l, bool trylock, void *site)
{
    WRITE_ONCE(l->debug.owner, LOCK_OWNER(smp_processor_id()));
    lockdep_acquired(&l->debug, l, LOCK_KIND_SPIN, trylock, site);
}

/* False when the unlock must be skipped (misuse, report-only mode). */
static bool spin_check_unlock(spinlock_t *l, void *site)
{
    if (READ_ONCE(l->debug.owner) != LOCK_OWNER(smp_processor_id())) {
        lockdep_misuse("spin_unlock of a lock this CPU does not hold",
                       &l->debug, l, site, false);
        return false;
    }
    WRITE_ONCE(l->debug.owner, LOCK_NO_OWNER);
    lockdep_released(l, LOCK_KIND_SPIN);
    return true;
}
#else
static inline void spin_check_lock(spinlock_t *l, bool trylock, void *site) { }
static inline void spin_note_locked(spinlock_t *l, bool trylock,
                                    void *site) { }
static inline bool spin_check_unlock(spinlock_t *l, void *site)
{
    return true;
}
#endif

static void spin_lock_at(spinlock_t *l, void *site)
{
    spin_check_lock(l, false, site);
#ifdef CONFIG_DEBUG_LOCKS
    spin_ticket_acquire(&l->t, &l->debug, l, LOCK_KIND_SPIN, site);
#else
    spin_ticket_acquire(&l->t, NULL, l, LOCK_KIND_SPIN, site);
#endif
    spin_note_locked(l, false, site);
}

static bool spin_unlock_at(spinlock_t *l, void *site)
{
    if (!spin_check_unlock(l, site))
        return false;
    spin_ticket_release(&l->t);
    return true;
}

void _spin_lock(spinlock_t *l)
{
    spin_lock_at(l, RET_IP);
}

void _spin_unlock(spinlock_t *l)
{
    spin_unlock_at(l, RET_IP);
}

void _spin_lock_irq(spinlock_t *l)
{
    ASSERT(local_irq_is_enabled());
    local_irq_disable();
    spin_lock_at(l, RET_IP);
}

void _spin_unlock_irq(spinlock_t *l)
{
    spin_unlock_at(l, RET_IP);
    local_irq_enable();
}

unsigned long _spin_lock_irqsave(spinlock_t *l)
{
    unsigned long flags;

    local_irq_save(flags);
    spin_lock_at(l, RET_IP);
    return flags;
}

void _spin_unlock_irqrestore(spinlock_t *l, unsigned long flags)
{
    spin_unlock_at(l, RET_IP);
    local_irq_restore(flags);
}

bool _spin_trylock(spinlock_t *l)
{
    void *site = RET_IP;

    spin_check_lock(l, true, site);
    if (!ticket_trylock(&l->t))
        return false;
    spin_note_locked(l, true, site);
    return true;
}

bool _spin_is_locked(const spinlock_t *l)
{
    return ticket_is_locked(&l->t);
}

bool _spin_is_locked_by_me(const spinlock_t *l)
{
#ifdef CONFIG_DEBUG_LOCKS
    return READ_ONCE(l->debug.owner) == LOCK_OWNER(smp_processor_id());
#else
    return ticket_is_locked(&l->t);
#endif
}

/* ------------------------------------------------------------ rspinlock_t */

/* @owner: LOCK_OWNER(cpu) or LOCK_NO_OWNER. */
static void rspin_set_owner(rspinlock_t *l, u16 owner)
{
    WRITE_ONCE(l->owner, owner);
#ifdef CONFIG_DEBUG_LOCKS
    WRITE_ONCE(l->debug.owner, owner);
#endif
}

/* Re-entry by the owner: no ordering event, no new record. */
static bool rspin_reenter(rspinlock_t *l)
{
    if (READ_ONCE(l->owner) != LOCK_OWNER(smp_processor_id()))
        return false;
    BUG_ON(l->depth >= RSPIN_MAX_DEPTH);
    l->depth++;
    return true;
}

void _rspin_lock(rspinlock_t *l)
{
    void *site = RET_IP;

    if (rspin_reenter(l))
        return;
#ifdef CONFIG_DEBUG_LOCKS
    lockdep_check_acquire(&l->debug, l, LOCK_KIND_RSPIN, false, site);
    spin_ticket_acquire(&l->t, &l->debug, l, LOCK_KIND_RSPIN, site);
#else
    spin_ticket_acquire(&l->t, NULL, l, LOCK_KIND_RSPIN, site);
#endif
    rspin_set_owner(l, LOCK_OWNER(smp_processor_id()));
    l->depth = 1;
#ifdef CONFIG_DEBUG_LOCKS
    lockdep_acquired(&l->debug, l, LOCK_KIND_RSPIN, false, site);
#endif
}

bool _rspin_trylock(rspinlock_t *l)
{
    void *site __unused = RET_IP;

    if (rspin_reenter(l))
        return true;
#ifdef CONFIG_DEBUG_LOCKS
    lockdep_check_acquire(&l->debug, l, LOCK_KIND_RSPIN, true, site);
#endif
    if (!ticket_trylock(&l->t))
        return false;
    rspin_set_owner(l, LOCK_OWNER(smp_processor_id()));
    l->depth = 1;
#ifdef CONFIG_DEBUG_LOCKS
    lockdep_acquired(&l->debug, l, LOCK_KIND_RSPIN, true, site);
#endif
    return true;
}

void _rspin_unlock(rspinlock_t *l)
{
#ifdef CONFIG_DEBUG_LOCKS
    if (READ_ONCE(l->owner) != LOCK_OWNER(smp_processor_id())) {
        lockdep_misuse("rspin_unlock of a lock this CPU does not hold",
                       &l->debug, l, RET_IP, false);
        return;
    }
#endif
    if (--l->depth)
        return;
    rspin_set_owner(l, LOCK_NO_OWNER);
#ifdef CONFIG_DEBUG_LOCKS
    lockdep_released(l, LOCK_KIND_RSPIN);
#endif
    spin_ticket_release(&l->t);
}

bool _rspin_is_locked(const rspinlock_t *l)
{
    return READ_ONCE(l->owner) == LOCK_OWNER(smp_processor_id());
}

unsigned int _rspin_depth(const rspinlock_t *l)
{
    return _rspin_is_locked(l) ? l->depth : 0;
}
