/* SPDX-License-Identifier: GPL-2.0 */
/* Registry operations shared by the host tests (registry_ops.h). */
#include <stdarg.h>
#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <mhv/passthrough/pcidev.h>
#include "registry_ops.h"
#include <mhv/sbdf.h>

int reg_add_vf(pci_sbdf_t vf, pci_sbdf_t pf)
{
    struct pci_dev_info info = {
        .is_virtfn = true,
        .physfn = { .bus = pf.bus, .devfn = pf.devfn },
    };

    assert_int_equal(vf.seg, pf.seg);
    return pci_add_device(vf.seg, vf.bus, vf.devfn, &info);
}

int reg_add_fn(pci_sbdf_t sbdf)
{
    return pci_add_device(sbdf.seg, sbdf.bus, sbdf.devfn, NULL);
}

int reg_remove_fn(pci_sbdf_t sbdf)
{
    return pci_remove_device(sbdf.seg, sbdf.bus, sbdf.devfn);
}

struct pci_dev *reg_lookup(pci_sbdf_t sbdf)
{
    struct pci_dev *pdev;

    pcidevs_lock();
    pdev = pci_get_pdev(NULL, sbdf);
    pcidevs_unlock();
    return pdev;
}
