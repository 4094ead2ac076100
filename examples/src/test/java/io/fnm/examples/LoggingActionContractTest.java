package io.fnm.examples;

import io.fnm.core.AttackAction;
import io.fnm.core.spi.AttackActionContractTest;

class LoggingActionContractTest extends AttackActionContractTest
{
    @Override
    protected AttackAction createAction()
    {
        return new LoggingAction();
    }
}
