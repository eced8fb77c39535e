#pragma once
// Allowed: an earlier layer and its own.
#include "events/note.h"
#include "policy/rule.h"
// Refused: a later layer, and a thread in the policy.
#include "runtime/loop.h"
#include <QThread>
