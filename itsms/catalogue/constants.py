"""URNs of the libraries other apps refer to by name."""

ISO20000_URN = "urn:itsms:std:iso-iec-20000-1:2018"
ISO27001_URN = "urn:itsms:std:iso-iec-27001:2022"
MAP_20000_27001_URN = "urn:itsms:map:iso-iec-20000-1-2018:iso-iec-27001-2022"
