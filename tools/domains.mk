# SPDX-License-Identifier: GPL-2.0
#
# Domain programs (control domain and ordinary domain ELFs) built into
# $(O)/tools/.  Placeholder until the domain runtime lands.

.PHONY: domains
domains:
	@:
