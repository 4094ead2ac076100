package io.fnm.core;

import io.fnm.core.testkit.AttackActionContractTest;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LambdaAttackActionTest extends AttackActionContractTest
{
    private final List<Attack> banned = new ArrayList<>();

    @Override
    protected AttackAction createAction()
    {
        return banned::add;
    }

    @Override
    protected void afterEachCall(final AttackAction action)
    {
        assertThat(banned).allSatisfy(attack -> assertThat(attack.ip()).isNotEqualTo("0.0.0.0"));
    }
}
