# The vmemmap lab: see README.md.  Everything generated goes under build/.
LAB := lab

# Every target exits non-zero when any of its steps or tests fails.
.PHONY: run check soak bisect riscv arm64 hvocost hvocost-deb hvocost-icount hvoprofile kaslr deb debboot robot tree export deps clean labcheck
run:    ; @$(LAB)/run
check:  ; @$(LAB)/check
soak:   ; @$(LAB)/soak
# A script that dies early still gets its summary, and its exit status wins.
bisect: ; @$(LAB)/summarize bisect $(LAB)/bisect
riscv:  ; @$(LAB)/summarize riscv $(LAB)/riscv
arm64:  ; @$(LAB)/summarize arm64 $(LAB)/arm64
hvocost: ; @$(LAB)/summarize hvocost $(LAB)/hvocost
# The same with init_on_alloc=1, as Debian's kernel boots
hvocost-deb: ; @$(LAB)/summarize hvocost-deb $(LAB)/hvocost hvocost-deb
# The same counted in instructions (QEMU -icount), one round
hvocost-icount: ; @$(LAB)/summarize hvocost-icount $(LAB)/hvocost hvocost-icount
hvoprofile: ; @$(LAB)/summarize hvoprofile $(LAB)/hvoprofile
kaslr:  ; @$(LAB)/summarize kaslr $(LAB)/kaslr
# By hand: Debian's config as .deb packages, hours cold (docs/deb.md)
deb:    ; @$(LAB)/deb
# Then boot them: base vs patched, Debian's defaults, 4- and 5-level paging
debboot: ; @$(LAB)/summarize debboot $(LAB)/debboot
labcheck: ; @$(LAB)/summarize labcheck $(LAB)/labcheck
# make robot [ROBOT="arm64-64k i386"]: the compile matrix (lab/robot --help)
robot:  ; @$(LAB)/summarize robot $(LAB)/robot $(ROBOT)
tree:   ; @$(LAB)/tree
export: ; @$(LAB)/export
deps:   ; @$(LAB)/deps && $(LAB)/debian-userspace ppc64le >/dev/null
clean:  ; @$(LAB)/clean
