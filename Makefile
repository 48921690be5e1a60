# The vmemmap lab: see README.md.  Everything generated goes under build/.
LAB := lab

.PHONY: run check soak bisect riscv tree export deps clean
run:    ; @$(LAB)/run
check:  ; @$(LAB)/check
soak:   ; @$(LAB)/soak
bisect: ; @export RESULTS=$$(mktemp); $(LAB)/bisect; $(LAB)/summary $$RESULTS 0
riscv:  ; @export RESULTS=$$(mktemp); t0=$$(date +%s); $(LAB)/riscv; $(LAB)/summary $$RESULTS $$(( $$(date +%s) - t0 )) riscv
tree:   ; @$(LAB)/tree
export: ; @$(LAB)/export
deps:   ; @$(LAB)/deps && $(LAB)/ppc64el-userspace >/dev/null
clean:  ; rm -rf build
