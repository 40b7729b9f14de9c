"""The permission matrix's world for shared equipment (tests/test_permission_matrix.py calls ``build``): a
set owned by the matrix company, an application of the matrix school and its planned turn."""

from innovet.equipment import services


def build(w):
    w.equipment_set = services.save_set(w.contact, w.company, {"name": "Diagnosewagen Matrix"})
    w.equipment_application = services.apply(w.teacher, w.equipment_set, w.school, "Voor 6 Autotechnieken")
    (w.equipment_turn,) = services.build_rotation(w.contact, w.equipment_set)
    # A second application that stays on the waiting list (withdraw and conditions act on it).
    w.equipment_waiting = services.apply(
        w.teacher, services.save_set(w.contact, w.company, {"name": "Koffer meettoestellen"}), w.school
    )
