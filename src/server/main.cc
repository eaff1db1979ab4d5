#include <cstdio>

int main() {
  std::puts("utbyte");
  return 0;
}
