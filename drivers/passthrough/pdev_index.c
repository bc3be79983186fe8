/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The registry's SBDF index: a four-level radix tree over the 32-bit SBDF.
 * See pdev_index.h for the lock rules.
 *
 * Memory: one node (256 slots) per level on the path of each populated
 * bus: a segment with B populated buses costs 2 + B nodes.  A node is
 * freed as soon as its last slot is cleared.
 */
#include <mhv/types.h>
#include <mhv/errno.h>
#include <mhv/bug.h>
#include <mhv/rwlock.h>
#include <mhv/xmalloc.h>
#include <mhv/passthrough/pcidev.h>
#include "pdev_index.h"
#include <mhv/sbdf.h>

#define IDX_BITS        8
#define IDX_SLOTS       (1u << IDX_BITS)
#define IDX_LEVELS      4           /* 32-bit key / 8 bits */

BUILD_BUG_ON(IDX_BITS * IDX_LEVELS != 8 * sizeof(((pci_sbdf_t *)0)->sbdf));

/*
 * Levels 0..2 hold child nodes, level 3 (the leaves) holds pci_devs.
 * used: slots in use, so that emptiness is known without a scan.
 */
struct pdev_node {
    void *slot[IDX_SLOTS];
    unsigned int used;
};

static struct pdev_node idx_root;           /* level 0, never freed */
static unsigned long nr_nodes, nr_entries;  /* pcidevs lock */
static DEFINE_RWLOCK(pdev_index_lock);

static unsigned int key_at(u32 key, unsigned int level)
{
    return (key >> (IDX_BITS * (IDX_LEVELS - 1 - level))) & (IDX_SLOTS - 1);
}

bool pdev_index_readable(void)
{
    return pcidevs_locked() || rw_is_locked_by_me(&pdev_index_lock);
}

void pdev_index_read_lock(void)
{
    read_lock(&pdev_index_lock);
}

void pdev_index_read_unlock(void)
{
    read_unlock(&pdev_index_lock);
}

struct pci_dev *pdev_index_find(pci_sbdf_t sbdf)
{
    const struct pdev_node *n = &idx_root;
    unsigned int level;

    ASSERT(pdev_index_readable());
    for (level = 0; level < IDX_LEVELS - 1; level++) {
        n = READ_ONCE(n->slot[key_at(sbdf.sbdf, level)]);
        if (!n)
            return NULL;
    }
    return READ_ONCE(n->slot[key_at(sbdf.sbdf, IDX_LEVELS - 1)]);
}

int pdev_index_insert(struct pci_dev *pdev)
{
    struct pdev_node *fresh[IDX_LEVELS - 1] = { NULL };
    struct pdev_node *n = &idx_root;
    u32 key = pdev->sbdf.sbdf;
    unsigned int level, first_missing = IDX_LEVELS - 1, i;

    ASSERT(pcidevs_locked());

    /* Find the missing part of the path (writers are excluded: pcidevs). */
    for (level = 0; level < IDX_LEVELS - 1; level++) {
        struct pdev_node *child = n->slot[key_at(key, level)];

        if (!child) {
            first_missing = level;
            break;
        }
        n = child;
    }
    if (first_missing == IDX_LEVELS - 1 && n->slot[key_at(key, IDX_LEVELS - 1)])
        return -EEXIST;

    /* Allocate all missing nodes before changing anything. */
    for (i = first_missing; i < IDX_LEVELS - 1; i++) {
        fresh[i] = xzalloc(struct pdev_node);
        if (!fresh[i]) {
            for (i = first_missing; i < IDX_LEVELS - 1; i++)
                xfree(fresh[i]);
            return -ENOMEM;
        }
    }

    write_lock(&pdev_index_lock);
    for (i = first_missing; i < IDX_LEVELS - 1; i++) {
        WRITE_ONCE(n->slot[key_at(key, i)], fresh[i]);
        n->used++;
        n = fresh[i];
        nr_nodes++;
    }
    WRITE_ONCE(n->slot[key_at(key, IDX_LEVELS - 1)], pdev);
    n->used++;
    nr_entries++;
    write_unlock(&pdev_index_lock);
    return 0;
}

void pdev_index_remove(struct pci_dev *pdev)
{
    struct pdev_node *path[IDX_LEVELS], *dead[IDX_LEVELS - 1];
    u32 key = pdev->sbdf.sbdf;
    unsigned int level, nr_dead = 0, i;

    ASSERT(pcidevs_locked());

    path[0] = &idx_root;
    for (level = 1; level < IDX_LEVELS; level++) {
        path[level] = path[level - 1]->slot[key_at(key, level - 1)];
        BUG_ON(!path[level]);
    }
    BUG_ON(path[IDX_LEVELS - 1]->slot[key_at(key, IDX_LEVELS - 1)] != pdev);

    write_lock(&pdev_index_lock);
    /* Clear the leaf slot, then every node that became empty (not root). */
    for (level = IDX_LEVELS - 1; ; level--) {
        struct pdev_node *n = path[level];

        WRITE_ONCE(n->slot[key_at(key, level)], NULL);
        n->used--;
        if (n->used || level == 0)
            break;
        dead[nr_dead++] = n;
        nr_nodes--;
    }
    nr_entries--;
    write_unlock(&pdev_index_lock);

    /* Unreachable now, and no reader was inside (write lock). */
    for (i = 0; i < nr_dead; i++)
        xfree(dead[i]);
}

static int walk_node(const struct pdev_node *n, unsigned int level,
                     int (*cb)(struct pci_dev *pdev, void *ctx), void *ctx)
{
    unsigned int i;
    int rc;

    for (i = 0; i < IDX_SLOTS; i++) {
        if (!n->slot[i])
            continue;
        if (level == IDX_LEVELS - 1)
            rc = cb(n->slot[i], ctx);
        else
            rc = walk_node(n->slot[i], level + 1, cb, ctx);
        if (rc)
            return rc;
    }
    return 0;
}

int pdev_index_walk(int (*cb)(struct pci_dev *pdev, void *ctx), void *ctx)
{
    ASSERT(pcidevs_locked());
    return walk_node(&idx_root, 0, cb, ctx);
}

unsigned long pdev_index_nr_entries(void)
{
    return READ_ONCE(nr_entries);
}

unsigned long pdev_index_nr_nodes(void)
{
    return READ_ONCE(nr_nodes);
}
