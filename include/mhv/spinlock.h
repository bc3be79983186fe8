/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Spinlocks.
 *
 * spinlock_t: a ticket lock (FIFO fair).  Not recursive: a CPU taking a
 * spinlock it holds deadlocks (debug builds report it).
 *
 *     static DEFINE_SPINLOCK(foo_lock);            // class "foo_lock"
 *     spin_lock_init_class(&d->event_lock, "domain->event_lock");
 *
 *     spin_lock(&l);              ... spin_unlock(&l);
 *     spin_lock_irq(&l);          ... spin_unlock_irq(&l);   (IRQs were on)
 *     spin_lock_irqsave(&l, f);   ... spin_unlock_irqrestore(&l, f);
 *     if (spin_trylock(&l)) { ... spin_unlock(&l); }
 *
 * rspinlock_t: a recursive spinlock: the owning CPU may take it again; it
 * is released when the outermost holder releases it.  It records its owner
 * CPU on every build, so rspin_is_locked() is exact: true only on the CPU
 * that holds it (the pcidevs lock relies on this).
 *
 * Predicates for assertions:
 *   spin_is_locked(l)        someone holds l (any CPU)
 *   spin_is_locked_by_me(l)  this CPU holds l (exact on debug builds; on
 *                            release builds the same as spin_is_locked())
 *   rspin_is_locked(l)       this CPU holds l (every build)
 *
 * Every lock has a class for the lock checker (<mhv/lockdep.h>): a
 * DEFINE_*()d lock is its own class named after the variable; each
 * spin_lock_init() call site is a class named after its argument text;
 * spin_lock_init_class() names the class (prefer it for locks embedded in
 * structures).  Lock order rules live in docs/locking.md.
 *
 * Locks may not be copied or moved while in use.
 */
#ifndef MHV_SPINLOCK_H
#define MHV_SPINLOCK_H

#include <mhv/types.h>
#include <mhv/compiler.h>
#include <mhv/lockdep.h>

/*
 * The ticket pair: a CPU takes ticket `tail++` and owns the lock when
 * `head` reaches it; release is `head++`.  head is the low half of val.
 */
typedef union {
    u32 val;
    struct {
        u16 head;
        u16 tail;
    };
} spin_ticket_t;

typedef struct spinlock {
    spin_ticket_t t;
#ifdef CONFIG_DEBUG_LOCKS
    struct lock_debug debug;
#endif
} spinlock_t;

typedef struct rspinlock {
    spin_ticket_t t;
    u16 owner;          /* LOCK_OWNER(cpu) or LOCK_NO_OWNER; set by the owner */
    u16 depth;          /* acquisitions by the owner not yet released */
#ifdef CONFIG_DEBUG_LOCKS
    struct lock_debug debug;
#endif
} rspinlock_t;

#define RSPIN_MAX_DEPTH 0xfffeu

#ifdef CONFIG_DEBUG_LOCKS
#define DEFINE_SPINLOCK(l)                                                  \
    spinlock_t l = { .t = { .val = 0 },                                     \
                     .debug = LOCK_DEBUG_INIT_STATIC(l, #l) }
#define DEFINE_RSPINLOCK(l)                                                 \
    rspinlock_t l = { .t = { .val = 0 }, .owner = LOCK_NO_OWNER, .depth = 0,  \
                      .debug = LOCK_DEBUG_INIT_STATIC(l, #l) }
#define spin_lock_init_class(l, name)                                       \
    spin_lock_init_key(l, LOCK_CLASS_KEY_HERE(name))
#define rspin_lock_init_class(l, name)                                      \
    rspin_lock_init_key(l, LOCK_CLASS_KEY_HERE(name))
#else
#define DEFINE_SPINLOCK(l)   spinlock_t l = { .t = { .val = 0 } }
#define DEFINE_RSPINLOCK(l)                                                 \
    rspinlock_t l = { .t = { .val = 0 }, .owner = LOCK_NO_OWNER, .depth = 0 }
#define spin_lock_init_class(l, name)   spin_lock_init_key(l, NULL)
#define rspin_lock_init_class(l, name)  rspin_lock_init_key(l, NULL)
struct lock_class_key;
#endif

#define spin_lock_init(l)    spin_lock_init_class(l, #l)
#define rspin_lock_init(l)   rspin_lock_init_class(l, #l)

static inline void spin_lock_init_key(spinlock_t *l,
                                      struct lock_class_key *key)
{
    l->t.val = 0;
#ifdef CONFIG_DEBUG_LOCKS
    lock_debug_init(&l->debug, key);
#endif
}

static inline void rspin_lock_init_key(rspinlock_t *l,
                                       struct lock_class_key *key)
{
    l->t.val = 0;
    l->owner = LOCK_NO_OWNER;
    l->depth = 0;
#ifdef CONFIG_DEBUG_LOCKS
    lock_debug_init(&l->debug, key);
#endif
}

/* The primitives (common/spinlock.c); the macros below are the interface. */
void _spin_lock(spinlock_t *l);
void _spin_unlock(spinlock_t *l);
void _spin_lock_irq(spinlock_t *l);
void _spin_unlock_irq(spinlock_t *l);
unsigned long _spin_lock_irqsave(spinlock_t *l);
void _spin_unlock_irqrestore(spinlock_t *l, unsigned long flags);
bool _spin_trylock(spinlock_t *l);
bool _spin_is_locked(const spinlock_t *l);
bool _spin_is_locked_by_me(const spinlock_t *l);

void _rspin_lock(rspinlock_t *l);
void _rspin_unlock(rspinlock_t *l);
bool _rspin_trylock(rspinlock_t *l);
bool _rspin_is_locked(const rspinlock_t *l);
unsigned int _rspin_depth(const rspinlock_t *l);

/*
 * Ticket helpers shared with the rwlock (its FIFO wait queue): wait for a
 * ticket taken from @t, watching for a long spin on @lock (debug builds;
 * @dbg may be NULL), and release the ticket lock.
 */
struct lock_debug;
void spin_ticket_acquire(spin_ticket_t *t, const struct lock_debug *dbg,
                         const void *lock, enum lock_kind kind, void *site);
void spin_ticket_release(spin_ticket_t *t);

#define spin_lock(l)                    _spin_lock(l)
#define spin_unlock(l)                  _spin_unlock(l)
/* @pre interrupts enabled; they are disabled while the lock is held. */
#define spin_lock_irq(l)                _spin_lock_irq(l)
#define spin_unlock_irq(l)              _spin_unlock_irq(l)
#define spin_lock_irqsave(l, flags)                                         \
    do {                                                                    \
        BUILD_BUG_ON(sizeof(flags) != sizeof(unsigned long));               \
        (flags) = _spin_lock_irqsave(l);                                    \
    } while (0)
#define spin_unlock_irqrestore(l, flags) _spin_unlock_irqrestore(l, flags)
#define spin_trylock(l)                 _spin_trylock(l)
#define spin_is_locked(l)               _spin_is_locked(l)
#define spin_is_locked_by_me(l)         _spin_is_locked_by_me(l)

#define rspin_lock(l)                   _rspin_lock(l)
#define rspin_unlock(l)                 _rspin_unlock(l)
#define rspin_trylock(l)                _rspin_trylock(l)
/* True only on the CPU that holds @l. */
#define rspin_is_locked(l)              _rspin_is_locked(l)
/* This CPU's nesting depth on @l (0 when another CPU or nobody holds it). */
#define rspin_depth(l)                  _rspin_depth(l)

#endif /* MHV_SPINLOCK_H */
