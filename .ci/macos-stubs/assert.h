/* Stub for the cross-target compile check only. */
#pragma once
#define assert(x) ((void)0)
