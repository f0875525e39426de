//! Records: add, list, show, update, remove for people, villages, teams and households.

use crate::common::TestStore;

#[test]
fn add_prints_the_new_id_and_assigns_the_next_free_one() {
    let s = TestStore::new();
    s.ok("person add --name 王芳").stdout_is("P000001\n");
    s.ok("person add --name 李明 --id P000041")
        .stdout_is("P000041\n");
    s.ok("person add --name 张伟").stdout_is("P000042\n");
}

#[test]
fn a_rejected_household_leaves_the_store_unchanged() {
    let s = TestStore::new();
    s.with_village_and_team();
    s.refuses(
        "household add --village V1 --head 陈大山 --size 4 --helper P9",
        3,
    )
    .stderr_is("bangfu: error: household H000001: --helper P9 is not a known person\n");
}
