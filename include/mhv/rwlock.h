/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Fair reader-writer locks.
 *
 * Any number of CPUs may hold a rwlock for read at once; a writer holds it
 * alone.  Fairness: once a writer waits, new readers queue behind it, and
 * waiters are served in arrival order (a ticket queue), so neither readers
 * nor writers starve.  Consequence: read locks are NOT recursive -- a CPU
 * taking a read lock it already holds deadlocks as soon as a writer queues
 * in between (debug builds report it at once).
 *
 *     static DEFINE_RWLOCK(foo_lock);
 *     rwlock_init_class(&d->pci_lock, "domain->pci_lock");
 *
 *     read_lock(&l);   ... read_unlock(&l);
 *     write_lock(&l);  ... write_unlock(&l);
 *     plus _irq, _irqsave/_irqrestore forms and read_/write_trylock().
 *
 * Predicates for assertions:
 *   rw_is_locked(l)              held by anyone, for read or write
 *   rw_is_write_locked(l)        held by anyone for write
 *   rw_is_read_locked_by_me(l)   this CPU holds it for read
 *   rw_is_write_locked_by_me(l)  this CPU holds it for write
 *   rw_is_locked_by_me(l)        either
 * The _by_me forms are exact on debug builds (per-CPU held-lock records and
 * the writer's CPU); release builds have no owner records and answer the
 * weaker "someone holds it that way" -- they exist for ASSERT()s, which are
 * compiled out there anyway.
 */
#ifndef MHV_RWLOCK_H
#define MHV_RWLOCK_H

#include <mhv/types.h>
#include <mhv/compiler.h>
#include <mhv/lockdep.h>
#include <mhv/spinlock.h>

/*
 * cnts: bit 0 a writer holds the lock, bit 1 a writer waits (it also holds
 * the wait queue), bits 2.. the number of readers (plus transient counts of
 * readers backing off into the queue).
 */
#define RW_WLOCKED      1u
#define RW_WWAITING     2u
#define RW_WMASK        (RW_WLOCKED | RW_WWAITING)
#define RW_READER       4u

typedef struct rwlock {
    u32 cnts;
    spin_ticket_t wait;     /* FIFO of CPUs that could not get in at once */
#ifdef CONFIG_DEBUG_LOCKS
    struct lock_debug debug;    /* owner: the writer's CPU */
#endif
} rwlock_t;

#ifdef CONFIG_DEBUG_LOCKS
#define DEFINE_RWLOCK(l)                                                    \
    rwlock_t l = { .cnts = 0, .wait = { .val = 0 },                         \
                   .debug = LOCK_DEBUG_INIT_STATIC(l, #l) }
#define rwlock_init_class(l, name)                                          \
    rwlock_init_key(l, LOCK_CLASS_KEY_HERE(name))
#else
#define DEFINE_RWLOCK(l)  rwlock_t l = { .cnts = 0, .wait = { .val = 0 } }
#define rwlock_init_class(l, name)  rwlock_init_key(l, NULL)
#endif
#define rwlock_init(l)    rwlock_init_class(l, #l)

/* Two rwlocks of one class with nest orders nest in ascending order only
 * (<mhv/lockdep.h>); order 0 means none.  Debug builds only. */
#ifdef CONFIG_DEBUG_LOCKS
#define rwlock_set_nest_order(l, order)  ((l)->debug.nest_order = (order))
#else
#define rwlock_set_nest_order(l, order)  ((void)(l), (void)(order))
#endif

static inline void rwlock_init_key(rwlock_t *l, struct lock_class_key *key)
{
    l->cnts = 0;
    l->wait.val = 0;
#ifdef CONFIG_DEBUG_LOCKS
    lock_debug_init(&l->debug, key);
#endif
}

/* The primitives (common/rwlock.c); the macros below are the interface. */
void _read_lock(rwlock_t *l);
void _read_unlock(rwlock_t *l);
bool _read_trylock(rwlock_t *l);
void _read_lock_irq(rwlock_t *l);
void _read_unlock_irq(rwlock_t *l);
unsigned long _read_lock_irqsave(rwlock_t *l);
void _read_unlock_irqrestore(rwlock_t *l, unsigned long flags);
void _write_lock(rwlock_t *l);
void _write_unlock(rwlock_t *l);
bool _write_trylock(rwlock_t *l);
void _write_lock_irq(rwlock_t *l);
void _write_unlock_irq(rwlock_t *l);
unsigned long _write_lock_irqsave(rwlock_t *l);
void _write_unlock_irqrestore(rwlock_t *l, unsigned long flags);
bool _rw_is_locked(const rwlock_t *l);
bool _rw_is_write_locked(const rwlock_t *l);
bool _rw_is_read_locked_by_me(const rwlock_t *l);
bool _rw_is_write_locked_by_me(const rwlock_t *l);
bool _rw_is_locked_by_me(const rwlock_t *l);

#define read_lock(l)                    _read_lock(l)
#define read_unlock(l)                  _read_unlock(l)
#define read_trylock(l)                 _read_trylock(l)
/* @pre interrupts enabled (the _irq forms). */
#define read_lock_irq(l)                _read_lock_irq(l)
#define read_unlock_irq(l)              _read_unlock_irq(l)
#define read_lock_irqsave(l, flags)                                         \
    do {                                                                    \
        BUILD_BUG_ON(sizeof(flags) != sizeof(unsigned long));               \
        (flags) = _read_lock_irqsave(l);                                    \
    } while (0)
#define read_unlock_irqrestore(l, flags) _read_unlock_irqrestore(l, flags)

#define write_lock(l)                   _write_lock(l)
#define write_unlock(l)                 _write_unlock(l)
#define write_trylock(l)                _write_trylock(l)
#define write_lock_irq(l)               _write_lock_irq(l)
#define write_unlock_irq(l)             _write_unlock_irq(l)
#define write_lock_irqsave(l, flags)                                        \
    do {                                                                    \
        BUILD_BUG_ON(sizeof(flags) != sizeof(unsigned long));               \
        (flags) = _write_lock_irqsave(l);                                   \
    } while (0)
#define write_unlock_irqrestore(l, flags) _write_unlock_irqrestore(l, flags)

#define rw_is_locked(l)                 _rw_is_locked(l)
#define rw_is_write_locked(l)           _rw_is_write_locked(l)
#define rw_is_read_locked_by_me(l)      _rw_is_read_locked_by_me(l)
#define rw_is_write_locked_by_me(l)     _rw_is_write_locked_by_me(l)
#define rw_is_locked_by_me(l)           _rw_is_locked_by_me(l)

#endif /* MHV_RWLOCK_H */
