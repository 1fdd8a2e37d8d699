// The connection type a transport serves: the reference Connection, or in the faulty build
// (GNP_FAULT_INJECTION) the filter around it that plants the edge faults (faulty_connection.hpp).
#pragma once

#ifdef GNP_FAULT_INJECTION
#include "faults/faulty_connection.hpp"
#else
#include "core/connection.hpp"
#endif

namespace gnp {

#ifdef GNP_FAULT_INJECTION
using ServedConnection = FaultyConnection;
#else
using ServedConnection = Connection;
#endif

}  // namespace gnp
