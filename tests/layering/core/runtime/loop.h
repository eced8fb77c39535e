#pragma once
// Allowed: earlier layers.
#include "events/note.h"
#include "policy/rule.h"
// Refused: a relative path out of the folder, and a Widgets header.
#include "../events/note.h"
#include <QtWidgets/QWidget>
