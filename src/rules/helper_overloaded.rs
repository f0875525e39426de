//! BF202 helper-overloaded.

use super::prelude::*;

explain! {
    en {
        /// ## What it checks
        /// A person who is the helper of more than `max_households_per_helper` (default 5)
        /// households that need help. Exactly that many is fine; households that have exited do
        /// not count. One finding per helper; its village is none when the households are in
        /// different villages.
        ///
        /// ## Why it matters
        /// A designated helper takes a bounded number of households so that each one is visited
        /// and gets measures of its own (因户施策). Local caps vary, which is why the number is a
        /// policy setting; a helper far over it is a name on paper, not help.
        ///
        /// ## How to fix
        /// Reassign some households to other cadres: `bangfu household assign H --helper P`. If
        /// your locality allows more, `bangfu policy set max_households_per_helper N`.
    }
    zh "帮扶责任人联系户数过多" {
        /// ## 检查什么
        /// 帮扶的需帮扶贫困户超过 `max_households_per_helper`（默认 5 户）的人。正好这么多户不算问题；
        /// 已脱贫的户不计入。每名帮扶责任人一条问题；所帮扶的户分属不同村时，问题不归属任何一个村。
        ///
        /// ## 为什么重要
        /// 帮扶责任人联系的户数有上限，这样每户才能被走访、得到因户施策的措施。各地上限不同，所以
        /// 户数是一项政策设置；远超上限的帮扶责任人只是挂个名，谈不上帮扶。
        ///
        /// ## 如何处理
        /// 把部分贫困户改由其他干部帮扶：`bangfu household assign H --helper P`。如果当地允许更多户，
        /// 运行 `bangfu policy set max_households_per_helper N`。
    }
}

pub fn check(ix: &Index<'_>, out: &mut Findings<'_>) {
    let max = ix.policy.max_households_per_helper as usize;
    for (&helper, households) in &ix.helped {
        if households.len() <= max {
            continue;
        }
        let villages: Vec<&str> = households.iter().map(|h| h.village.as_str()).collect();
        let label = person_label(ix, helper);
        out.flag_across(
            "person",
            &villages,
            helper,
            Text {
                en: format!(
                    "person {} helps {} that need help, more than the {max} policy allows",
                    label.en,
                    count(households.len(), "household", "households")
                ),
                zh: format!(
                    "人员 {}帮扶 {} 户需帮扶的贫困户，超过政策允许的 {max} 户",
                    label.zh,
                    households.len()
                ),
            },
        );
    }
}
