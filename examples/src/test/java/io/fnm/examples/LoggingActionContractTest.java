package io.fnm.examples;

import io.fnm.core.AttackAction;
import io.fnm.core.testkit.AttackActionContractTest;

class LoggingActionContractTest extends AttackActionContractTest
{
    @Override
    protected AttackAction createAction()
    {
        return new LoggingAction();
    }
}
