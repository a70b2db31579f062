global using Nurture.Testing;
