Console.WriteLine("garnet placeholder");
