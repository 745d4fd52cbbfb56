# Under tests/valgrind-nc every run leaves valgrind's report in
# $T/valgrind/vg.PID, empty when it found nothing.  Sorted after the other
# case files, this one fails if any run above had a memory error or leak.
case $NC in
*/valgrind-nc)
	t "valgrind: no memory error and no leak in any run" '
	    vg_bad=$(find "$T/valgrind" -name "vg.*" -size +0c)
	    [ -d "$T/valgrind" ] && [ -z "$vg_bad" ] || { cat $vg_bad; exit 1; }'
	;;
esac
